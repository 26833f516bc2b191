using System.ComponentModel.DataAnnotations;

namespace Parley.Signaling.IceServers;

/// <summary>Configuration section <c>Ice</c>: the ICE servers offered to browsers besides Parley's own.</summary>
public sealed class IceOptions : IValidatableObject
{
    public const string SectionName = "Ice";

    public IList<IceServerEntry> Servers { get; } = [];

    /// <summary>
    /// <c>all</c> (the default) lets browsers connect directly when they can; <c>relay</c> sends every call through
    /// TURN, so neither side learns the other's IP address.
    /// </summary>
    public string TransportPolicy { get; set; } = "all";

    /// <summary>
    /// How long the credentials minted for a server with a <see cref="IceServerEntry.SharedSecret"/> stay valid. Such
    /// a server cannot be told that a seat is gone, so they are short-lived: a seated client gets fresh ones over its
    /// signaling connection before they expire (the <c>IceServers</c> event). Default 10 minutes.
    /// </summary>
    [TimeSpanRange("00:00:10", "1.00:00:00")]
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TransportPolicy is not ("all" or "relay"))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(TransportPolicy)} is 'all' or 'relay', not '{TransportPolicy}'.", [nameof(TransportPolicy)]);
        }

        foreach (var result in Servers.SelectMany((server, i) => server.Validate(validationContext).Select(
            r => new ValidationResult($"{SectionName}:{nameof(Servers)}:{i}: {r.ErrorMessage}", r.MemberNames))))
        {
            yield return result;
        }
    }
}
