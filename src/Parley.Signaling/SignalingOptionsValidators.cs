using Microsoft.Extensions.Options;
using Parley.Signaling.Abuse;
using Parley.Signaling.IceServers;

namespace Parley.Signaling;

// The data-annotation checks of the signaling settings, generated at compile time: ValidateDataAnnotations reads the
// attributes by reflection, which a native-AOT build cannot promise.

[OptionsValidator]
internal sealed partial class SignalingOptionsValidator : IValidateOptions<SignalingOptions>;

[OptionsValidator]
internal sealed partial class IceOptionsValidator : IValidateOptions<IceOptions>;

[OptionsValidator]
internal sealed partial class AbuseOptionsValidator : IValidateOptions<AbuseOptions>;
