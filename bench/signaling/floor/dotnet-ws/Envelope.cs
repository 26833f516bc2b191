using System.Text.Json;

namespace Parley.Bench.FloorWs;

internal enum EnvelopeKind
{
    Join,
    Data,
}

/// <summary>
/// The floor protocol, one JSON object per text frame, "type" first:
/// <c>{"type":"join","room":"r","username":"u"}</c> and <c>{"type":"data","data":"..."}</c>.
/// A data frame is relayed byte for byte, so only a join allocates.
/// </summary>
internal readonly record struct Envelope(EnvelopeKind Kind, string? Room, string? Username)
{
    public const int MaxRoomLength = 128;

    /// <summary>Reads the envelope; throws <see cref="InvalidDataException"/> with the reason for anything else.</summary>
    public static Envelope Read(ReadOnlySpan<byte> json, bool validate)
    {
        try
        {
            return ReadCore(json, validate);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not valid JSON: {e.Message}", e);
        }
    }

    private static Envelope ReadCore(ReadOnlySpan<byte> json, bool validate)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("a message must be a JSON object");
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("type"u8))
        {
            throw new InvalidDataException("a message's first property must be \"type\"");
        }

        reader.Read();
        if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("data"u8))
        {
            if (validate)
            {
                ReadData(ref reader);
            }

            return new Envelope(EnvelopeKind.Data, null, null);
        }

        if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("join"u8))
        {
            return ReadJoin(ref reader);
        }

        throw new InvalidDataException("\"type\" must be \"join\" or \"data\"");
    }

    private static void ReadData(ref Utf8JsonReader reader)
    {
        var hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            hasData |= isData && reader.TokenType == JsonTokenType.String;
            reader.Skip();
        }

        EnsureEnd(ref reader);
        if (!hasData)
        {
            throw new InvalidDataException("a data message needs a string \"data\"");
        }
    }

    private static Envelope ReadJoin(ref Utf8JsonReader reader)
    {
        string? room = null;
        string? username = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRoom = reader.ValueTextEquals("room"u8);
            var isUsername = reader.ValueTextEquals("username"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && (isRoom || isUsername))
            {
                if (isRoom)
                {
                    room = reader.GetString();
                }
                else
                {
                    username = reader.GetString();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        EnsureEnd(ref reader);
        if (string.IsNullOrEmpty(room) || room.Length > MaxRoomLength)
        {
            throw new InvalidDataException($"a join needs a \"room\" of 1 to {MaxRoomLength} characters");
        }

        return new Envelope(EnvelopeKind.Join, room, username ?? "");
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new InvalidDataException("a message must be one JSON object and nothing after it");
        }
    }
}
