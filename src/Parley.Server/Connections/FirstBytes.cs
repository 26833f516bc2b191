using System.Buffers;
using System.IO.Pipelines;

namespace Parley.Server.Connections;

/// <summary>Looks at a connection's first bytes without consuming them, so the next reader still gets them all.</summary>
internal static class FirstBytes
{
    /// <summary>
    /// Reads until <paramref name="decide"/> answers from the bytes so far; null when the connection ends first (closed
    /// by the client, or aborted by its deadline).
    /// </summary>
    public static async ValueTask<bool?> PeekAsync(PipeReader input, Func<ReadOnlySequence<byte>, bool?> decide, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty && decide(buffer) is { } decided)
                {
                    input.AdvanceTo(buffer.Start);
                    return decided;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    input.AdvanceTo(buffer.Start);
                    return null;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // ConnectionAbortedException, the deadline's abort, is an OperationCanceledException.
            return null;
        }
    }
}
