namespace Parley.Signaling.Redis;

/// <summary>
/// The Lua scripts behind every write. Redis runs a script alone, so each one is atomic; StackExchange.Redis sends
/// a script's text once and its SHA1 (<c>EVALSHA</c>) after that, resending the text if Redis forgot it.
/// Seats are JSON read and written with <c>cjson</c> (see <see cref="StoredMember"/>); the <c>peers</c> index changes
/// in the same script as the seat it names. Keys other than a room's
/// own are built from the prefix inside the scripts, so this layout suits one Redis server (or a primary with
/// replicas), not Redis Cluster.
/// </summary>
internal static class RedisRoomScripts
{
    /// <summary>
    /// KEYS: room hash, own seats set, nodes set, own alive key, sequence counter.
    /// ARGV: capacity, presented token hash or '', new peer id, username, connection id, new token hash, node id,
    /// room, presence timeout (ms), key prefix.
    /// Returns {status, replaced connection id or '', the seat's peer id, every member's record...}, or {'full'}.
    /// </summary>
    public const string Join = """
        local fields = redis.call('HGETALL', KEYS[1])
        local node = ARGV[7]
        local function present()
          redis.call('SET', KEYS[4], '1', 'PX', ARGV[9])
          redis.call('SADD', KEYS[3], node)
        end
        local function reply(status, replaced, peer, extra)
          local out = {status, replaced, peer}
          for i = 2, #fields, 2 do out[#out + 1] = fields[i] end
          if extra then out[#out + 1] = extra end
          return out
        end
        if ARGV[2] ~= '' then
          for i = 2, #fields, 2 do
            local m = cjson.decode(fields[i])
            if m.t == ARGV[2] then
              local replaced = m.c
              if m.n ~= node then
                redis.call('SREM', ARGV[10] .. 'node:' .. m.n .. ':seats', m.p .. ' ' .. ARGV[8])
                redis.call('SADD', KEYS[2], m.p .. ' ' .. ARGV[8])
              end
              m.u = ARGV[4]
              m.c = ARGV[5]
              m.n = node
              m.a = nil
              fields[i] = cjson.encode(m)
              redis.call('HSET', KEYS[1], fields[i - 1], fields[i])
              redis.call('HSET', ARGV[10] .. 'peers', m.p, ARGV[8])
              present()
              return reply('resumed', replaced, m.p, nil)
            end
          end
        end
        if #fields / 2 >= tonumber(ARGV[1]) then
          return {'full'}
        end
        local seq = redis.call('INCR', KEYS[5])
        local record = cjson.encode({p = ARGV[3], u = ARGV[4], c = ARGV[5], t = ARGV[6], n = node, s = seq})
        redis.call('HSET', KEYS[1], ARGV[3], record)
        redis.call('HSET', ARGV[10] .. 'peers', ARGV[3], ARGV[8])
        redis.call('SADD', KEYS[2], ARGV[3] .. ' ' .. ARGV[8])
        present()
        return reply('joined', '', ARGV[3], record)
        """;

    /// <summary>
    /// KEYS: room hash. ARGV: peer id, connection id, key prefix, room.
    /// Frees the seat only while that connection holds it. Returns 0 if it did not, 1 if it did, 2 if that seat was
    /// the room's last (an emptied hash is deleted by Redis).
    /// </summary>
    public const string Leave = """
        local record = redis.call('HGET', KEYS[1], ARGV[1])
        if not record then
          return 0
        end
        local m = cjson.decode(record)
        if m.c ~= ARGV[2] then
          return 0
        end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('HDEL', ARGV[3] .. 'peers', ARGV[1])
        redis.call('SREM', ARGV[3] .. 'node:' .. m.n .. ':seats', ARGV[1] .. ' ' .. ARGV[4])
        if redis.call('HLEN', KEYS[1]) == 0 then
          return 2
        end
        return 1
        """;

    /// <summary>
    /// KEYS: room hash. ARGV: peer id, connection id, away until (Unix ms).
    /// Marks the seat away only while that connection holds it; returns its record, or false.
    /// </summary>
    public const string MarkAway = """
        local record = redis.call('HGET', KEYS[1], ARGV[1])
        if not record then
          return false
        end
        local m = cjson.decode(record)
        if m.c ~= ARGV[2] then
          return false
        end
        m.a = tonumber(ARGV[3])
        record = cjson.encode(m)
        redis.call('HSET', KEYS[1], ARGV[1], record)
        return record
        """;

    /// <summary>KEYS: own alive key, nodes set. ARGV: node id, presence timeout (ms).</summary>
    public const string Heartbeat = """
        redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[1])
        return 1
        """;

    /// <summary>
    /// KEYS: nodes set. ARGV: key prefix, own node id, batch size, reconnect grace (ms), now (Unix ms).
    /// For every other node whose alive key has expired, pops up to the batch's remaining size of its seats and
    /// takes over those it still holds; forgets the node once it holds none. The connections of a dead node are gone
    /// without <c>Leave</c>, so with a grace period its seats are held like any dropped connection's: marked away
    /// (a seat already away keeps its deadline) and moved to this node, whose timer frees them and which is reaped in
    /// turn if it dies too. Without a grace period they are freed.
    /// Returns {kind, room, record, ...}, kind 'left' (freed), 'away' (newly held) or 'held' (was already away).
    /// </summary>
    public const string Reap = """
        local prefix = ARGV[1]
        local budget = tonumber(ARGV[3])
        local grace = tonumber(ARGV[4])
        local now = tonumber(ARGV[5])
        local ownSeats = prefix .. 'node:' .. ARGV[2] .. ':seats'
        local out = {}
        for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if budget <= 0 then
            break
          end
          if node ~= ARGV[2] and redis.call('EXISTS', prefix .. 'node:' .. node .. ':alive') == 0 then
            local seatsKey = prefix .. 'node:' .. node .. ':seats'
            local seats = redis.call('SPOP', seatsKey, budget)
            budget = budget - #seats
            for _, seat in ipairs(seats) do
              local space = string.find(seat, ' ', 1, true)
              local peer = string.sub(seat, 1, space - 1)
              local room = string.sub(seat, space + 1)
              local roomKey = prefix .. 'room:' .. room
              local record = redis.call('HGET', roomKey, peer)
              local m = record and cjson.decode(record)
              if m and m.n == node then
                local kind = 'left'
                if grace <= 0 then
                  redis.call('HDEL', roomKey, peer)
                  redis.call('HDEL', prefix .. 'peers', peer)
                else
                  kind = 'held'
                  if not m.a then
                    kind = 'away'
                    m.a = now + grace
                  end
                  m.n = ARGV[2]
                  record = cjson.encode(m)
                  redis.call('HSET', roomKey, peer, record)
                  redis.call('SADD', ownSeats, seat)
                  redis.call('SADD', KEYS[1], ARGV[2])
                end
                out[#out + 1] = kind
                out[#out + 1] = room
                out[#out + 1] = record
              end
            end
            if redis.call('SCARD', seatsKey) == 0 then
              redis.call('SREM', KEYS[1], node)
            end
          end
        end
        return out
        """;
}
