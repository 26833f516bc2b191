namespace Parley.Turn.Grants;

/// <summary>
/// The host's limits per grant, for grants that need other limits than everyone's: a diagnostic probe, say, gets
/// at most 2 relays that live 2 minutes with a low bandwidth cap. Decide from the grant alone (a prefix the host
/// mints, for example), so that every node gives the same grant the same limits without sharing state.
/// </summary>
public interface ITurnGrantPolicy
{
    /// <summary>
    /// The limits for a new allocation of <paramref name="grant"/>. Called on the server's receive thread for each
    /// authenticated Allocate, so it must be quick and must not block (no I/O). A throw or unusable limits fail
    /// that Allocate with 500 (Server Error), logged.
    /// </summary>
    /// <param name="grant">The credential's grant (see <see cref="Auth.TurnRestCredentials.GetGrant"/>; a static user's whole name).</param>
    /// <param name="defaults">The limits from <see cref="TurnServerOptions"/>, to return as they are or changed.</param>
    TurnGrantLimits GetLimits(string grant, TurnGrantLimits defaults);
}
