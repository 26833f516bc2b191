using System.Globalization;

namespace Parley.Testing;

/// <summary>
/// A page init script that has every camera the page opens capture at a given size and frame rate. Chromium's fake
/// camera otherwise captures 640×480 at 30 frames a second, and eight pages each encoding seven copies of that ask
/// far more of two cores than a room of eight needs to show that it works.
/// </summary>
public static class CameraCapture
{
    public static string InitScript(int width, int height, int frameRate) => string.Create(CultureInfo.InvariantCulture, $$"""
        (() => {
          const devices = navigator.mediaDevices;
          if (!devices) return;
          const open = devices.getUserMedia.bind(devices);
          const capture = { width: {{width}}, height: {{height}}, frameRate: {{frameRate}} };
          devices.getUserMedia = (constraints) => open(constraints?.video
            ? { ...constraints, video: { ...(constraints.video === true ? {} : constraints.video), ...capture } }
            : constraints);
        })();
        """);
}
