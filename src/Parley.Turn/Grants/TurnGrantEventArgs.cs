namespace Parley.Turn.Grants;

/// <summary>Names the grant a <see cref="TurnGrants"/> event is about.</summary>
public sealed class TurnGrantEventArgs(string grant) : EventArgs
{
    public string Grant { get; } = grant;
}
