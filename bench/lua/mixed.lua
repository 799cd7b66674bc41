-- The mixed load: signed-in citizens read the idea list, random ideas and the project page, and a share of
-- the requests are real writes through the forms (a support, a comment) with the person's CSRF token.
-- Every request picks one of the sessions at random.
-- Arguments after "--":
--   1 sessions file: one "<CSRF secret> <Cookie header>" per line
--   2 ideas file: ids of the ideas to read and comment on, one per line
--   3 support file: ids of ideas none of the sessions' people supports yet, one per line
--   4 idea list path, 5 project path, 6 idea path, 7 support path, 8 comment path ("{idea}" is replaced)
--   9 writes per thousand requests (50 = 5 %), 10 run tag (in every comment's text), 11 number of wrk threads
-- A write that worked answers 302 to the idea's "#support" or "#comment-<id>"; the runner counts them in the
-- database afterwards.
dofile(os.getenv("BENCH_LUA_DIR") .. "/summary.lua")

local function lines(path)
  local found = {}
  for line in io.lines(path) do
    if line ~= "" then
      table.insert(found, line)
    end
  end
  return found
end

local function with_idea(template, idea)
  return (string.gsub(template, "{idea}", idea))
end

function init(args)
  sessions = {}
  for _, line in ipairs(lines(args[1])) do
    local csrf, cookie = string.match(line, "^(%S+)%s+(.+)$")
    table.insert(sessions, {cookie = cookie, csrf = csrf})
  end
  ideas = lines(args[2])
  support_ideas = lines(args[3])
  list_path, project_path, idea_path, support_path, comment_path = args[4], args[5], args[6], args[7], args[8]
  writes_per_mille = tonumber(args[9])
  tag = args[10]
  thread_count = tonumber(args[11])
  supports_sent = 0
  comments_sent = 0
  math.randomseed(os.time() + number * 7919)
end

local function support(session, headers)
  -- Each thread takes every thread_count-th idea of the list: no idea is supported twice in a run,
  -- so every support that worked is one more row in the database.
  local index = supports_sent * thread_count + number
  supports_sent = supports_sent + 1
  count("support sent")
  return wrk.format("POST", with_idea(support_path, support_ideas[index]), headers,
    "csrfmiddlewaretoken=" .. session.csrf)
end

local function comment(session, headers)
  comments_sent = comments_sent + 1
  count("comment sent")
  local body = "csrfmiddlewaretoken=" .. session.csrf
    .. "&text=Bench+" .. tag .. "+" .. number .. "-" .. comments_sent .. "%3A+Mehr+Schatten+und+B%C3%A4nke%21"
    .. "&parent=&website="
  return wrk.format("POST", with_idea(comment_path, ideas[math.random(#ideas)]), headers, body)
end

function request()
  local session = sessions[math.random(#sessions)]
  local headers = {}
  headers["Cookie"] = session.cookie
  if math.random(1000) <= writes_per_mille then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local next_support = supports_sent * thread_count + number
    if math.random(2) == 1 and next_support <= #support_ideas then
      return support(session, headers)
    end
    return comment(session, headers)
  end
  local choice = math.random(3)
  if choice == 1 then
    return wrk.format("GET", list_path, headers)
  elseif choice == 2 then
    return wrk.format("GET", with_idea(idea_path, ideas[math.random(#ideas)]), headers)
  end
  return wrk.format("GET", project_path, headers)
end

function response(status, headers, body)
  if status == 302 then
    local location = headers["Location"] or headers["location"] or ""
    if string.find(location, "#support", 1, true) then
      count("support done")
    elseif string.find(location, "#comment-", 1, true) then
      count("comment done")
    else
      count("302 elsewhere")
    end
  else
    count(tostring(status))
  end
end
