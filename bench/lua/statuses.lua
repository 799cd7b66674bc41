-- Plain GETs of one URL (conditional headers from the command line), counting the answers by status,
-- so the runner can tell 304 Not Modified from a full 200.
dofile(os.getenv("BENCH_LUA_DIR") .. "/summary.lua")

function response(status, headers, body)
  count(tostring(status))
end
