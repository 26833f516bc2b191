namespace Parley.Turn.Grants;

/// <summary>
/// The limits every allocation of one grant gets; an <see cref="ITurnGrantPolicy"/> chooses them per grant. The
/// defaults come from <see cref="TurnServerOptions"/>.
/// </summary>
/// <param name="MaxAllocations">Allocations the grant may hold at once, on this server (486 beyond); 0 refuses every one.</param>
/// <param name="MaxAllocationBandwidth">Relayed payload bytes per second per allocation and direction; 0 means no cap.</param>
/// <param name="MaxAllocationAge">
/// How long an allocation of the grant may exist in all, however it is refreshed and whatever the host confirms;
/// null for no limit beyond the usual lifetimes. The LIFETIME the client is told never reaches past it.
/// </param>
public readonly record struct TurnGrantLimits(int MaxAllocations, long MaxAllocationBandwidth, TimeSpan? MaxAllocationAge = null)
{
    /// <summary>The problem with these limits, or null when they are usable.</summary>
    internal string? Problem =>
        MaxAllocations < 0 ? $"MaxAllocations must be 0 or more, not {MaxAllocations}"
        : MaxAllocationBandwidth < 0 ? $"MaxAllocationBandwidth must be 0 (no cap) or more, not {MaxAllocationBandwidth}"
        : MaxAllocationAge <= TimeSpan.Zero ? $"MaxAllocationAge must be positive or null, not {MaxAllocationAge}"
        : null;
}
