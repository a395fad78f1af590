// MudBlazor's dialog focus trap puts focus on its own element once it has initialised, which under load can come after
// the dialog's first render. So wait (up to two seconds) until focus is inside the dialog, then move it to the first
// field, so a keyboard user can type at once (WCAG 2.4.3) and no field is blurred before it was used.
window.orderOrleans = {
    // The URL follows what a page shows, in place: no navigation, no new history entry.
    replaceUrl: url => history.replaceState(history.state, '', url),
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

// The layout is static HTML (Components/Layout/MainLayout.razor): its few interactive parts live here, wired by event
// delegation so they keep working when enhanced navigation replaces the layout's elements.
(() => {
    const darkStyle = () => document.getElementById('theme-dark');
    const isDark = () => matchMedia(darkStyle().media).matches;
    const narrow = () => matchMedia('(max-width: 959.98px)').matches;
    const drawer = () => document.getElementById('app-drawer');

    // The theme button says which theme is in force; with no choice made that is the system's, known only here.
    const syncTheme = () => document.querySelectorAll('[data-theme-toggle]').forEach(b => b.setAttribute('aria-pressed', String(isDark())));

    const toggleTheme = () => {
        const dark = !isDark();
        darkStyle().media = dark ? 'all' : 'not all';
        // The cookie's name comes with the style element (ThemeCss.Cookie), so the server reads what this writes.
        document.cookie = `${darkStyle().dataset.cookie}=${dark ? 'dark' : 'light'}; path=/; max-age=31536000; samesite=lax`;
        syncTheme();
    };

    // The drawer is sent open: MudBlazor's CSS shows it beside the content on a wide screen and hides it on a narrow one
    // until first toggled (mud-drawer--initial). A choice to close it on a wide screen lasts for the session.
    const drawerOpen = () => {
        const d = drawer();
        return d.classList.contains('mud-drawer--open') && !(d.classList.contains('mud-drawer--initial') && narrow());
    };
    const setDrawer = open => {
        const d = drawer();
        d.classList.remove('mud-drawer--initial');
        d.classList.toggle('mud-drawer--open', open);
        d.classList.toggle('mud-drawer--closed', !open);
        const layout = d.closest('.mud-layout');
        layout.classList.toggle('mud-drawer-open-responsive-md-left', open);
        layout.classList.toggle('mud-drawer-close-responsive-md-left', !open);
        syncDrawer();
    };
    const syncDrawer = () => document.querySelectorAll('[data-drawer-toggle]').forEach(b => b.setAttribute('aria-expanded', String(drawerOpen())));

    const settle = () => {
        if (drawer() && !narrow() && sessionStorage.getItem('orderorleans.drawer') === 'closed') {
            setDrawer(false);
        }
        if (drawer()) {
            syncDrawer();
        }
        syncTheme();
    };

    document.addEventListener('click', e => {
        if (e.target.closest('[data-theme-toggle]')) {
            toggleTheme();
        } else if (e.target.closest('[data-drawer-toggle]')) {
            const open = !drawerOpen();
            setDrawer(open);
            if (!narrow()) {
                sessionStorage.setItem('orderorleans.drawer', open ? 'open' : 'closed');
            }
        } else if (narrow() && drawer()?.contains(e.target) === false && drawerOpen() && !e.target.closest('.mud-appbar')) {
            setDrawer(false);
        }
    });
    // The skip link's "#content" resolves against <base href="/"> to the Orders page, and Blazor's router would follow
    // it there whenever its own click handler ran first; so take the click in the capture phase, before any router
    // sees it, and move focus instead, which is what lets the next Tab start in the content.
    document.addEventListener('click', e => {
        if (e.target.closest('[data-skip-link]')) {
            e.preventDefault();
            e.stopPropagation();
            document.getElementById('content')?.focus();
        }
    }, true);
    document.addEventListener('keydown', e => {
        if (e.key === 'Escape' && narrow() && drawer() && drawerOpen() && !document.querySelector('.mud-dialog')) {
            setDrawer(false);
            document.querySelector('[data-drawer-toggle]')?.focus();
        }
    });
    matchMedia('(max-width: 959.98px)').addEventListener('change', () => drawer() && syncDrawer());
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', syncTheme);

    // After an enhanced navigation, focus goes to the new page's heading (as Blazor's FocusOnNavigate did), once the
    // page's interactive content has replaced the prerendered one (which would take the focus with it).
    let navigated = false;
    window.orderOrleans.pageReady = () => {
        if (navigated) {
            navigated = false;
            const heading = document.querySelector('main h1');
            if (heading && !heading.contains(document.activeElement)) {
                heading.setAttribute('tabindex', '-1');
                heading.focus();
            }
        }
    };
    document.addEventListener('DOMContentLoaded', settle);
    if (document.readyState !== 'loading') {
        settle();
    }
    Blazor.addEventListener('enhancedload', () => {
        navigated = true;
        settle();
    });
})();
