using System.ComponentModel.DataAnnotations;

namespace Parley.Signaling.Abuse;

/// <summary>A token bucket's shape: how many calls at once, and how many per second after that.</summary>
public sealed class RateLimit
{
    [Range(1, 1_000_000)]
    public int Burst { get; set; }

    [Range(0.001, 1_000_000)]
    public double PerSecond { get; set; }
}
