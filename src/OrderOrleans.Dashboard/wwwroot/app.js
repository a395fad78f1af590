// MudBlazor's dialog focus trap puts focus on its own element once it has initialised, which under load can come after
// the dialog's first render. So wait (up to two seconds) until focus is inside the dialog, then move it to the first
// field, so a keyboard user can type at once (WCAG 2.4.3) and no field is blurred before it was used.
window.orderOrleans = {
    focusFirstField: () => {
        const started = performance.now();
        const step = () => {
            const dialog = document.querySelector('.mud-dialog');
            const field = dialog?.querySelector('input:not([type=hidden]):not([disabled]), textarea');
            const settled = dialog?.contains(document.activeElement);
            if (field && (settled || performance.now() - started > 2000)) {
                // Not if the user is in a field already.
                if (!['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)) {
                    field.focus();
                }
            } else if (performance.now() - started <= 2000) {
                requestAnimationFrame(step);
            }
        };
        requestAnimationFrame(step);
    },
};
