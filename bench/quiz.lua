-- Quiz answers, as htmx posts them: each request takes the next of this thread's prepared
-- players and posts a wrong answer to the question that player has to answer next (the
-- server takes only that one); after the last question, question 1 with the next attempt
-- number starts a practice round. Every answer is judged and stored.
-- Arguments: <path> <questions file: "id<TAB>url-encoded answer" in quiz order>
--            <sessions file: one "cookie<TAB>token" per line, each past question 1 of
--            attempt 1> <number of wrk threads>.
-- Each thread keeps its own share of the players (by line number), so no player is ever
-- answered by two threads at once; a thread cycles through its players, and as it has more
-- players than connections, a player's previous answer is done before the next is sent.
local path
local questions = {}
local players = {}
local counter = 0

local threads = {}
function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do
    local id, value = line:match("^(%d+)\t(.*)$")
    if id then table.insert(questions, { id = id, value = value }) end
  end
  local thread_count = tonumber(args[4])
  local n = 0
  for line in io.lines(args[3]) do
    local cookie, token = line:match("^([^\t]+)\t([^\t]+)$")
    if cookie then
      if n % thread_count == (thread_no or 1) - 1 then
        table.insert(players, { cookie = cookie, token = token, attempt = 1, position = 2 })
      end
      n = n + 1
    end
  end
  if #players == 0 or #questions == 0 then
    error("quiz.lua: no players or no questions for thread " .. tostring(thread_no))
  end
end

function request()
  counter = counter + 1
  if counter == 1 then
    -- wrk (4.1) calls request() once on the first thread to check the script and never sends
    -- it: that call must not move a player on. So each thread's first request only reads
    -- the quiz page (sent, it is one GET among thousands of answers).
    return wrk.format("GET", path, { ["Cookie"] = players[1].cookie })
  end
  local p = players[(counter % #players) + 1]
  if p.position > #questions then
    p.attempt = p.attempt + 1
    p.position = 1
  end
  local q = questions[p.position]
  p.position = p.position + 1
  local body = "csrf_token=" .. p.token .. "&frage=" .. q.id .. "&versuch=" .. p.attempt
    .. "&antwort=" .. q.value
  return wrk.format("POST", path .. "/antworten", {
    ["Cookie"] = p.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["HX-Request"] = "true",
    ["HX-Current-URL"] = "http://127.0.0.1" .. path,
  }, body)
end
