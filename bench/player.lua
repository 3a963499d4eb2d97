-- A page load by a returning player: each request carries the next prepared session cookie
-- (a player who played before), so no request comes from the shared page cache.
-- Arguments: <sessions file: one "cookie<TAB>token" per line> [htmx: "1" adds HX-Request].
local sessions = {}
local htmx = false
local counter = 0

local threads = {}
function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local cookie = line:match("^([^\t]+)\t")
    if cookie then table.insert(sessions, cookie) end
  end
  htmx = args[2] == "1"
  counter = (thread_no or 0) * 100003
end

function request()
  counter = counter + 1
  local headers = { ["Cookie"] = sessions[(counter % #sessions) + 1] }
  if htmx then headers["HX-Request"] = "true" end
  return wrk.format("GET", nil, headers)
end
