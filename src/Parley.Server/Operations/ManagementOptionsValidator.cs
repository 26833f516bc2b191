using Microsoft.Extensions.Options;

namespace Parley.Server.Operations;

/// <summary>The checks of <see cref="ManagementOptions"/>, generated at compile time, not read by reflection.</summary>
[OptionsValidator]
internal sealed partial class ManagementOptionsValidator : IValidateOptions<ManagementOptions>;
