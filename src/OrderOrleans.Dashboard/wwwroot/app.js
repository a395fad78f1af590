// MudBlazor's dialog focus trap first focuses its own sentinel element; once it has settled (two frames), move focus
// to the dialog's first field so a keyboard user can type at once (WCAG 2.4.3).
window.orderOrleans = {
    focusFirstField: () => requestAnimationFrame(() => requestAnimationFrame(() => {
        const field = document.querySelector('.mud-dialog input:not([type=hidden]):not([disabled]), .mud-dialog textarea');
        field?.focus();
    })),
};
