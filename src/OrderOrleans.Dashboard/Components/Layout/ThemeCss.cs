using MudBlazor;

namespace OrderOrleans.Dashboard.Components.Layout;

/// <summary>
/// The dashboard theme's CSS variables for each mode, built once. The layout is rendered on the server without a circuit,
/// so MudThemeProvider (which picks a mode with JS interop) cannot run there; both modes are sent instead, and the dark
/// one applies by a media query: the user's choice (a cookie) or else the system's preference.
/// </summary>
internal sealed class ThemeCss : MudThemeProvider
{
    private const string Open = "<style class='mud-theme-provider'>";
    private const string Close = "</style>";

    /// <summary>The name of the cookie that holds the user's choice: "dark" or "light"; no cookie follows the system.</summary>
    public const string Cookie = "orderorleans.theme";

    public static string Light { get; } = Build(dark: false);

    public static string Dark { get; } = Build(dark: true);

    private ThemeCss(bool dark)
    {
        Theme = DashboardTheme.Value;
        IsDarkMode = dark;
    }

    /// <summary>The variables without MudBlazor's own style element around them.</summary>
    private static string Build(bool dark)
    {
        var css = new ThemeCss(dark).BuildTheme().Trim();
        return css.StartsWith(Open, StringComparison.Ordinal) && css.EndsWith(Close, StringComparison.Ordinal)
            ? css[Open.Length..^Close.Length]
            : throw new InvalidOperationException("MudBlazor's theme no longer comes as one style element; see ThemeCss.");
    }

    /// <summary>When the dark variables apply, by the user's choice if there is one, else by the system's preference.</summary>
    public static string DarkMedia(string? choice) => choice switch
    {
        "dark" => "all",
        "light" => "not all",
        _ => "(prefers-color-scheme: dark)",
    };
}
