using MudBlazor;

namespace OrderOrleans.Dashboard.Components.Layout;

/// <summary>MudBlazor's default theme with the colours changed whose text fell below WCAG AA (4.5:1) on its surfaces.</summary>
public static class DashboardTheme
{
    // Light: the default error red (#f44336, the outlined Cancel button) is 3.7:1 on white. Dark: the default primary
    // (#776be7) is 3.2:1 as text on the drawer and 4.2:1 under white button labels, secondary text (field labels)
    // 4.25:1, error red 3.7:1; lighter ones instead, with dark text on filled primary and error.
    public static MudTheme Value { get; } = new()
    {
        PaletteLight = new PaletteLight { Error = "#d32f2f" },
        PaletteDark = new PaletteDark
        {
            Primary = "#a59eff",
            PrimaryContrastText = "#1e1e2d",
            TextSecondary = "#b2b2b6",
            Error = "#ff8a80",
            ErrorContrastText = "#1e1e2d",
        },
    };
}
