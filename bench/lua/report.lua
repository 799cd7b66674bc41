-- Plain GETs of one URL (headers from the command line); only the summary line at the end.
dofile(os.getenv("BENCH_LUA_DIR") .. "/summary.lua")
