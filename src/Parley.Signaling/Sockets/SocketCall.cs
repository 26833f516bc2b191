using System.Text.Json;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Sockets;

/// <summary>
/// One call read from a socket message: <c>{"id":7,"call":"Join","args":["room","Alice"]}</c>. Every call but
/// <c>Relay</c> needs an id, which its answer carries back; the arguments are strings or null, as many as the call
/// takes. <see cref="Read"/> never throws: a message it cannot use comes back with <see cref="Problem"/> set.
/// </summary>
internal readonly record struct SocketCall(int? Id, string Call, string? Arg0, string? Arg1, string? Arg2, string? Problem)
{
    private const int MaxArguments = 3;

    public static SocketCall Read(ReadOnlySpan<byte> message)
    {
        int? id = null;
        var call = string.Empty;
        var args = new ArgumentList();
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 3 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Invalid(id, call, "a message is one JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (id is not null || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var number) || number < 1)
                    {
                        return Invalid(null, call, "\"id\" is one integer from 1 to 2147483647");
                    }

                    id = number;
                }
                else if (reader.ValueTextEquals("call"u8))
                {
                    reader.Read();
                    if (call.Length > 0 || reader.TokenType != JsonTokenType.String || KnownCall(ref reader) is not { } known)
                    {
                        return Invalid(id, string.Empty, "\"call\" names one of Unlock, Join, Rejoin, Resume, Data, Relay, Leave");
                    }

                    call = known;
                }
                else if (reader.ValueTextEquals("args"u8))
                {
                    reader.Read();
                    if (args.Count >= 0 || !args.TryRead(ref reader))
                    {
                        return Invalid(id, call, $"\"args\" is one array of at most {MaxArguments} strings or nulls");
                    }
                }
                else
                {
                    return Invalid(id, call, "a call has only \"id\", \"call\" and \"args\"");
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Invalid(id, call, "a message is one JSON object and nothing after it");
            }
        }
        catch (JsonException e)
        {
            return Invalid(id, call, $"not valid JSON: {e.Message}");
        }

        return Check(id, call, args);
    }

    private static SocketCall Check(int? id, string call, ArgumentList args)
    {
        if (call.Length == 0)
        {
            return Invalid(id, call, "a call needs \"call\"");
        }

        if (id is null && call != SignalingCalls.Relay)
        {
            return Invalid(id, call, $"{call} needs an \"id\" for its answer");
        }

        var arity = Arity(call);
        if (Math.Max(args.Count, 0) != arity.Count)
        {
            return Invalid(id, call, $"{call} takes {arity.Count} arguments ({arity.Names})");
        }

        return new SocketCall(id, call, args.First, args.Second, args.Third, Problem: null);
    }

    private static SocketCall Invalid(int? id, string call, string problem) => new(id, call, null, null, null, problem);

    private static string? KnownCall(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals(SignalingCalls.Relay) ? SignalingCalls.Relay
        : reader.ValueTextEquals(SignalingCalls.Data) ? SignalingCalls.Data
        : reader.ValueTextEquals(SignalingCalls.Join) ? SignalingCalls.Join
        : reader.ValueTextEquals(SignalingCalls.Rejoin) ? SignalingCalls.Rejoin
        : reader.ValueTextEquals(SignalingCalls.Resume) ? SignalingCalls.Resume
        : reader.ValueTextEquals(SignalingCalls.Leave) ? SignalingCalls.Leave
        : reader.ValueTextEquals(SignalingCalls.Unlock) ? SignalingCalls.Unlock
        : null;

    private static (int Count, string Names) Arity(string call) => call switch
    {
        SignalingCalls.Unlock => (1, "passcode or null"),
        SignalingCalls.Join => (2, "room, username"),
        SignalingCalls.Rejoin or SignalingCalls.Resume => (3, "room, username, resumeToken"),
        SignalingCalls.Data or SignalingCalls.Relay => (2, "payload, peer id or null"),
        _ => (0, "none"),
    };

    /// <summary>Up to three string-or-null arguments; <see cref="Count"/> is -1 until an array was read.</summary>
    private struct ArgumentList()
    {
        public int Count { get; private set; } = -1;

        public string? First { get; private set; }

        public string? Second { get; private set; }

        public string? Third { get; private set; }

        public bool TryRead(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            Count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (Count == MaxArguments || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    return false;
                }

                var value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                switch (Count++)
                {
                    case 0: First = value; break;
                    case 1: Second = value; break;
                    default: Third = value; break;
                }
            }

            return true;
        }
    }
}
