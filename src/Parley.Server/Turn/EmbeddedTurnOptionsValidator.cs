using Microsoft.Extensions.Options;

namespace Parley.Server.Turn;

/// <summary>The data-annotation checks of <see cref="EmbeddedTurnOptions"/>, generated at compile time, not read by reflection.</summary>
[OptionsValidator]
internal sealed partial class EmbeddedTurnOptionsValidator : IValidateOptions<EmbeddedTurnOptions>;
