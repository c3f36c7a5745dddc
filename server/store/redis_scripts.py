"""The Redis store's key layout and its Lua scripts: each write is one script.

A script runs alone in Redis, so a write happens entirely or not at all. The
`#!lua` line makes Redis check for memory before the script starts rather
than fail half-way through it.

Every key starts with "floor:":

    floor:slugs            list     every meeting's slug, oldest first
    floor:meeting:{slug}   hash     version, state (JSON), chair_key
    floor:log:{slug}       stream   one entry per applied command:
                                    version, at, actor, command, events (JSON)
    floor:op:{id}          string   a write that went through, kept for ten minutes
                                    so that a retried call is not applied twice
    floor:changes:{slug}   channel  every new state, published by the script that wrote
                                    it as "{version}\n{state}"; "key" when the
                                    chair key was replaced; "presence:{process}" when a
                                    process's participants came or went
    floor:pages:{slug}     hash     per process serving the meeting: the participants
                                    with pages open on it (JSON list)
    floor:alive:{slug}     hash     per process: when it last said so (Redis's clock, ms)
    floor:left:{slug}      hash     per participant whose page went: "{at}:{lost}",
                                    when, and 1 if it went without a goodbye
"""

from __future__ import annotations

PREFIX = "floor:"
SLUGS = PREFIX + "slugs"
CHANGES = PREFIX + "changes:"
OP_TTL_SECONDS = 600


def meeting_key(slug: str) -> str:
    return f"{PREFIX}meeting:{slug}"


def log_key(slug: str) -> str:
    return f"{PREFIX}log:{slug}"


def op_key(op: str) -> str:
    return f"{PREFIX}op:{op}"


def channel(slug: str) -> str:
    return CHANGES + slug


def slug_of(channel_name: bytes) -> str:
    return channel_name.decode()[len(CHANGES) :]


def parse_change(message: bytes) -> tuple[int, bytes]:
    """A published change: the new version, and the state (JSON)."""
    version, _, state = message.partition(b"\n")
    return int(version), state


# Replies of COMPARE_AND_SET.
APPLIED = 1
APPLIED_BEFORE = 2  # by an earlier try of this very call, whose reply was lost
ENTRY_FIELDS = 5  # per command: version, at, actor, command, events
CONFLICT = 0  # followed by the current state
NO_SUCH_MEETING = -1

COMPARE_AND_SET = f"""#!lua
-- Write the outcome of a batch of commands if the meeting is still at the
-- version they were applied to.
-- KEYS: meeting hash, event stream, the batch's marker
-- ARGV: version applied to, new version, new state, channel, number of
--       commands, then for each: version, at, actor, command, events
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {{{APPLIED_BEFORE}}}
end
local version = redis.call('HGET', KEYS[1], 'version')
if not version then
  return {{{NO_SUCH_MEETING}}}
end
if version ~= ARGV[1] then
  return {{{CONFLICT}, redis.call('HGET', KEYS[1], 'state')}}
end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3])
for i = 0, tonumber(ARGV[5]) - 1 do
  local at = 6 + i * 5
  redis.call('XADD', KEYS[2], '*', 'version', ARGV[at], 'at', ARGV[at + 1],
             'actor', ARGV[at + 2], 'command', ARGV[at + 3], 'events', ARGV[at + 4])
end
redis.call('SET', KEYS[3], ARGV[2], 'EX', {OP_TTL_SECONDS})
redis.call('PUBLISH', ARGV[4], ARGV[2] .. '\\n' .. ARGV[3])
return {{{APPLIED}}}
"""

# 1 when created (or created before by this very call: same chair key), 0 when taken.
CREATE = """#!lua
-- KEYS: meeting hash, slug list
-- ARGV: slug, version, state, chair key
local key = redis.call('HGET', KEYS[1], 'chair_key')
if key then
  if key == ARGV[4] then return 1 end
  return 0
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3], 'chair_key', ARGV[4])
redis.call('RPUSH', KEYS[2], ARGV[1])
return 1
"""

KEY_CHANGED = b"key"  # published on a meeting's channel when its chair key is replaced

# 1 when replaced, 0 for an unknown meeting.
SET_CHAIR_KEY = f"""#!lua
-- KEYS: meeting hash; ARGV: chair key, channel
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'chair_key', ARGV[1])
redis.call('PUBLISH', ARGV[2], '{KEY_CHANGED.decode()}')
return 1
"""


# 1 when set (or removed, with an empty key), 0 for an unknown meeting.
SET_TEAM_KEY = """#!lua
-- KEYS: meeting hash; ARGV: hash field, key ("" removes it)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return 1
"""


def team_field(role: str) -> str:
    return f"team_key:{role}"


def owner_key(owner: str) -> str:
    return f"floor:owner:{owner}"


# Presence across processes ---------------------------------------------------

PRESENCE = b"presence:"  # published on a meeting's channel, followed by the process's id
PRESENCE_TTL_MS = 3_600_000  # a meeting nobody serves any more drops its presence


def pages_key(slug: str) -> str:
    return f"{PREFIX}pages:{slug}"


def alive_key(slug: str) -> str:
    return f"{PREFIX}alive:{slug}"


def left_key(slug: str) -> str:
    return f"{PREFIX}left:{slug}"


# Redis's own clock for "when a process last said so": every process compares it with
# the same clock, whatever the machines' clocks say.
_NOW = """
local t = redis.call('TIME')
local now = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
"""

UNCHANGED = "="  # WRITE_PAGES's pids: the same as last time (a heartbeat)

# 1; 0 for a heartbeat of a process whose pages are no longer there (a reader took it
# for stopped): it must write them in full again.
WRITE_PAGES = f"""#!lua
-- KEYS: pages hash, alive hash, left hash
-- ARGV: process, pids (JSON list; "" when none; "{UNCHANGED}" the same as last time),
--       channel, announce (0/1),
--       then for each participant whose last page here went: pid, at, lost (0/1)
{_NOW}
local done = 1
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
elseif ARGV[2] == '{UNCHANGED}' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  done = 0
else
  if ARGV[2] ~= '{UNCHANGED}' then
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  end
  redis.call('HSET', KEYS[2], ARGV[1], now)
end
for i = 5, #ARGV, 3 do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1] .. ':' .. ARGV[i + 2])
end
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('PEXPIRE', key, {PRESENCE_TTL_MS})
  end
end
if ARGV[4] == '1' then
  redis.call('PUBLISH', ARGV[3], '{PRESENCE.decode()}' .. ARGV[1])
end
return done
"""

# {{1, the other processes' pages (flat: process, pids...), the left hash (flat)}}; or,
# for a quick read (ARGV[4] = 0) that found no process stopped, {{0}}. A process silent
# for longer than ARGV[1] ms has stopped: its participants are moved to the left hash,
# lost since it last spoke (unless they left later), its fields are removed, and the
# others are told.
READ_PAGES = f"""#!lua
-- KEYS: pages hash, alive hash, left hash
-- ARGV: silent after (ms), the reading process, channel, full (0/1)
{_NOW}
local alive = redis.call('HGETALL', KEYS[2])
local reaped = false
for i = 1, #alive, 2 do
  local process, at = alive[i], alive[i + 1]
  if tonumber(now) - tonumber(at) > tonumber(ARGV[1]) then
    local pids = redis.call('HGET', KEYS[1], process)
    if pids then
      for _, pid in ipairs(cjson.decode(pids)) do
        local old = redis.call('HGET', KEYS[3], pid)
        if not old or tonumber(string.match(old, '^(%d+)')) < tonumber(at) then
          redis.call('HSET', KEYS[3], pid, at .. ':1')
        end
      end
    end
    redis.call('HDEL', KEYS[1], process)
    redis.call('HDEL', KEYS[2], process)
    reaped = true
  end
end
if reaped then
  redis.call('PEXPIRE', KEYS[3], {PRESENCE_TTL_MS})
  redis.call('PUBLISH', ARGV[3], '{PRESENCE.decode()}' .. ARGV[2])
elseif ARGV[4] == '0' then
  return {{0}}
end
local fields = redis.call('HGETALL', KEYS[1])
local live = {{}}
for i = 1, #fields, 2 do
  if fields[i] ~= ARGV[2] then
    table.insert(live, fields[i])
    table.insert(live, fields[i + 1])
  end
end
return {{1, live, redis.call('HGETALL', KEYS[3])}}
"""
