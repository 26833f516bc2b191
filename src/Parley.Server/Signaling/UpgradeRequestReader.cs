using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Parley.Signaling.Sockets;

namespace Parley.Server.Signaling;

/// <summary>
/// Reads a connection's first HTTP/1.1 request head (RFC 9112 §2.2, §3, §5) strictly: a GET of the signaling path in
/// origin form, CRLF line ends, token field names, visible-ASCII values, no body, within Kestrel's limits on the request
/// line and the fields. Whatever it does not accept goes to Kestrel, which answers it as it answers any request (400,
/// 414, 431), so this reader only has to be right about what it accepts.
/// </summary>
internal static class UpgradeRequestReader
{
    private static readonly SearchValues<char> HostCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:[]");
    private static readonly byte[] RequestLineStart = Encoding.ASCII.GetBytes($"GET {SocketEndpoint.Path}");
    private static ReadOnlySpan<byte> Version11 => " HTTP/1.1"u8;

    /// <summary>The bytes a head may take before Kestrel, not this reader, has to judge it.</summary>
    public static int MaxHeadBytes(KestrelServerLimits limits) => limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize;

    public static HeadVerdict Read(ReadOnlySpan<byte> bytes, KestrelServerLimits limits, out UpgradeRequestHead? head)
    {
        head = null;
        var start = RequestLineStart.AsSpan();
        if (!bytes[..Math.Min(bytes.Length, start.Length)].SequenceEqual(start[..Math.Min(bytes.Length, start.Length)]))
        {
            return HeadVerdict.Http;
        }

        var lineEnd = bytes.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return bytes.Length < limits.MaxRequestLineSize ? HeadVerdict.NeedMore : HeadVerdict.Http;
        }

        if (lineEnd + 2 > limits.MaxRequestLineSize || !IsSignalingRequestLine(bytes[..lineEnd]))
        {
            return HeadVerdict.Http;
        }

        var fields = bytes[(lineEnd + 2)..];
        var fieldsEnd = fields.IndexOf("\r\n\r\n"u8);
        if (fields.StartsWith("\r\n"u8))
        {
            fieldsEnd = -2;
        }
        else if (fieldsEnd < 0)
        {
            return fields.Length < limits.MaxRequestHeadersTotalSize ? HeadVerdict.NeedMore : HeadVerdict.Http;
        }

        if (fieldsEnd + 4 > limits.MaxRequestHeadersTotalSize)
        {
            return HeadVerdict.Http;
        }

        var parsed = new UpgradeRequestHead { Length = lineEnd + 2 + fieldsEnd + 4 };
        if (!TryReadFields(fields[..Math.Max(0, fieldsEnd + 2)], limits.MaxRequestHeaderCount, parsed))
        {
            return HeadVerdict.Http;
        }

        head = parsed;
        return HeadVerdict.Signaling;
    }

    /// <summary>RFC 9112 §3: <c>GET /ws/signaling[?query] HTTP/1.1</c>, the path exactly as written (anything routing would also match goes to HTTP).</summary>
    private static bool IsSignalingRequestLine(ReadOnlySpan<byte> line)
    {
        if (line.Length < RequestLineStart.Length + Version11.Length || !line.EndsWith(Version11))
        {
            return false;
        }

        var rest = line[RequestLineStart.Length..^Version11.Length];
        if (rest.IsEmpty)
        {
            return true;
        }

        // RFC 3986 §3.4: a query of visible characters; a fragment or anything else is Kestrel's to judge.
        return rest[0] == (byte)'?' && !rest.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E) && !rest.Contains((byte)'#');
    }

    /// <summary>RFC 9112 §5: <c>name: value CRLF</c> lines, each ending in CRLF; false for anything not read strictly.</summary>
    private static bool TryReadFields(ReadOnlySpan<byte> fields, int maxCount, UpgradeRequestHead head)
    {
        var count = 0;
        var hosts = 0;
        while (!fields.IsEmpty)
        {
            var end = fields.IndexOf("\r\n"u8);
            var line = fields[..end];
            fields = fields[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (++count > maxCount || colon <= 0 || !IsToken(line[..colon]))
            {
                return false;
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
            {
                return false;
            }

            var name = line[..colon];
            if (Is(name, "host"u8))
            {
                hosts++;
                head.Host = Encoding.ASCII.GetString(value);
            }
            else if (Is(name, "content-length"u8) || Is(name, "transfer-encoding"u8))
            {
                // An upgrade with a body is Kestrel's to judge.
                return false;
            }
            else if (!TryKeep(name, value, head))
            {
                return false;
            }
        }

        // RFC 9112 §3.2: exactly one Host.
        return hosts == 1 && IsHost(head.Host);
    }

    /// <summary>Keeps the fields the upgrade depends on; false for a second one of a field that must be single.</summary>
    private static bool TryKeep(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, UpgradeRequestHead head)
    {
        if (Is(name, "upgrade"u8))
        {
            head.Upgrade.Add(Encoding.ASCII.GetString(value));
        }
        else if (Is(name, "connection"u8))
        {
            head.Connection.Add(Encoding.ASCII.GetString(value));
        }
        else if (Is(name, "x-forwarded-for"u8))
        {
            head.ForwardedFor.Add(Encoding.ASCII.GetString(value));
        }
        else if (Is(name, "x-forwarded-proto"u8))
        {
            head.ForwardedProto.Add(Encoding.ASCII.GetString(value));
        }
        else if (Is(name, "origin"u8))
        {
            return head.Origin is null && (head.Origin = Encoding.ASCII.GetString(value)) is not null;
        }
        else if (Is(name, "sec-websocket-key"u8))
        {
            return head.Key is null && (head.Key = Encoding.ASCII.GetString(value)) is not null;
        }
        else if (Is(name, "sec-websocket-version"u8))
        {
            return head.Version is null && (head.Version = Encoding.ASCII.GetString(value)) is not null;
        }

        return true;
    }

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowerCase) => System.Text.Ascii.EqualsIgnoreCase(name, lowerCase);

    // RFC 9110 §5.6.2: tchar.
    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)c) || "!#$%&'*+-.^_`|~"u8.Contains(c)))
            {
                return false;
            }
        }

        return true;
    }

    // RFC 3986 §3.2.2 names and IPv4 or bracketed IPv6 literals, with a port: anything else is Kestrel's to judge.
    private static bool IsHost(string host) => host.Length > 0
        && !host.AsSpan().ContainsAnyExcept(HostCharacters);
}
