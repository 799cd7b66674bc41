-- Booking POSTs at a few contended slots, through the real booking form.
-- Arguments after "--": CSRF secret, comma-separated slot ids, path prefix ("/hilfe/termin/"), run tag (6 digits),
-- number of this wrk process (one per web server in the scale-out stage).
-- Every request is a different person (own phone number), so only capacity limits a booking.
-- The form answers 302 for a booking and 200 (the form with an error) for a refusal.
dofile(os.getenv("BENCH_LUA_DIR") .. "/summary.lua")

function init(args)
  csrf = args[1]
  slots = {}
  for id in string.gmatch(args[2], "[^,]+") do
    table.insert(slots, id)
  end
  prefix = args[3]
  tag = args[4]
  process = tonumber(args[5] or "1")
  counter = 0
  math.randomseed(os.time() + number * 7919)
end

function request()
  counter = counter + 1
  local slot = slots[math.random(#slots)]
  local phone = string.format("0%s%d%02d%06d", tag, process, number, counter)
  local body = "csrfmiddlewaretoken=" .. csrf
    .. "&name=Bench+Person+" .. tag .. "-" .. number .. "-" .. counter
    .. "&phone=" .. phone
    .. "&email=bench-" .. tag .. "-" .. process .. "-" .. number .. "-" .. counter .. "%40example.org"
    .. "&note=&consent=on"
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "csrftoken=" .. csrf
  headers["Referer"] = "http://127.0.0.1/"
  return wrk.format("POST", prefix .. slot .. "/", headers, body)
end

function response(status, headers, body)
  if status == 302 then
    count("booked")
  elseif status == 200 then
    count("refused")
  else
    count("other")
  end
end
