using Microsoft.Extensions.Options;

namespace Parley.Server.Connections;

/// <summary>The data-annotation checks of <see cref="ConnectionLimitsOptions"/>, generated at compile time, not read by reflection.</summary>
[OptionsValidator]
internal sealed partial class ConnectionLimitsOptionsValidator : IValidateOptions<ConnectionLimitsOptions>;
