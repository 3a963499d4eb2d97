-- A wrong guess per request, as htmx sends it: each request takes the next of the prepared
-- sessions (cookie + CSRF token of a player who is still playing) and a new guess text, so
-- every guess is judged and stored, spread over many players like a real crowd.
-- Arguments: <path> <sessions file: one "cookie<TAB>token" per line>.
local sessions = {}
local path
local counter = 0

local threads = {}
function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do
    local cookie, token = line:match("^([^\t]+)\t([^\t]+)$")
    if cookie then table.insert(sessions, { cookie = cookie, token = token }) end
  end
  counter = (thread_no or 0) * 100003  -- threads start apart: different sessions and texts
end

function request()
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  local body = "csrf_token=" .. s.token .. "&guess=Versuch+" .. counter
  return wrk.format("POST", path, {
    ["Cookie"] = s.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["HX-Request"] = "true",
    ["HX-Current-URL"] = "http://127.0.0.1" .. path,
  }, body)
end
