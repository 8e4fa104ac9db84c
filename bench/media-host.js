// Stands in for VS Code's webview host in the media benchmark page (served by bench/media.ts,
// loaded before the real run panel bundle). Provides `acquireVsCodeApi`, hands the panel's
// messages to the bench process (`__toNode`, which answers them with the extension's own
// MediaHost), and times the Media tab: from the panel's ask for the media index to the first
// card's image decoded, and the next frame after it (painted).
/* global window, document, performance, requestAnimationFrame, MutationObserver, Event */
(function () {
  const spec = JSON.parse(document.getElementById('bench-spec').textContent);
  const B = (window.__bench = { state: spec.state, posted: [], t0: 0, first: null });

  function watch() {
    const img = document.querySelector('.media-card[data-step] img.media-img');
    if (B.t0 && img && img.complete && img.naturalWidth > 0) {
      const decoded = performance.now();
      requestAnimationFrame(() =>
        setTimeout(() => {
          B.first = { decodedMs: decoded - B.t0, paintedMs: performance.now() - B.t0, key: img.closest('.media-card').dataset.key, src: img.src };
        }, 0),
      );
      return;
    }
    requestAnimationFrame(watch);
  }
  requestAnimationFrame(watch);

  // One card's slider moved `moves` times, one move per frame, to steps spread over the run;
  // resolves once settled (no ask in flight, the card showing the step its label names) with
  // the steps the card showed meanwhile.
  B.moveSlider = function (moves) {
    return new Promise((resolve) => {
      const card = document.querySelector('.media-card');
      const slider = card.querySelector('input.media-slider');
      const shown = [];
      const mo = new MutationObserver(() => shown.push(Number(card.dataset.step)));
      mo.observe(card, { attributes: true, attributeFilter: ['data-step'] });
      const max = Number(slider.max);
      let i = 0;
      const settled = () => {
        const wanted = /step (\d+)/.exec(card.querySelector('.media-step').textContent || '');
        if (wanted && !card.classList.contains('loading') && card.dataset.step === wanted[1]) {
          mo.disconnect();
          resolve({ shown, last: Number(wanted[1]) });
        } else requestAnimationFrame(settled);
      };
      const tick = () => {
        if (i === moves) return requestAnimationFrame(settled);
        i++;
        slider.value = String((i * 397) % (max + 1));
        slider.dispatchEvent(new Event('input'));
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  };

  window.acquireVsCodeApi = function () {
    return {
      postMessage: (m) => {
        B.posted.push(m && m.type);
        if (m && m.type === 'mediaIndex' && !B.t0) B.t0 = performance.now();
        window.__toNode(m);
      },
      getState: () => B.state,
      setState: (s) => {
        B.state = s;
      },
    };
  };
})();
