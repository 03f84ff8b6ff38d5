import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';

/**
 * A part of the back office whose code is a chunk of its own, fetched when the part is first
 * shown rather than with the page: the sign-in, the navigation and the first section come sooner.
 * `load` is a `lazily()` loader (src/domain/lazily.ts), so every element showing the part shares
 * one fetch, and a failed one is fetched again at the next try.
 *
 * The host renders `placeholder()` in the part's place while it is not null: it starts the load
 * at the first call, says "Loading…" meanwhile, and when the chunk cannot be fetched (offline, or
 * the server updated since the page was opened and the old chunk gone) says so with a Try again
 * button; the host renders again when the load settles.
 */
export class LazyPart {
  private state: 'idle' | 'loading' | 'loaded' | 'failed' = 'idle';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<unknown>,
  ) {}

  /** Null once the part's code is in; until then what stands in its place (the load started). */
  placeholder(): TemplateResult | null {
    switch (this.state) {
      case 'loaded':
        return null;
      case 'idle':
        this.start();
        return this.loading();
      case 'loading':
        return this.loading();
      case 'failed':
        return html`<p class="error" role="alert">
            ${msg(
              'This part of the back office could not be loaded: check the network and try again, or reload the page.',
            )}
          </p>
          <button type="button" @click=${this.retry}>${msg('Try again')}</button>`;
    }
  }

  private loading(): TemplateResult {
    return html`<p role="status">${msg('Loading…')}</p>`;
  }

  private start(): void {
    this.state = 'loading';
    this.load().then(
      () => this.settle('loaded'),
      (error: unknown) => {
        console.error('pos-shell: a part of the back office could not be loaded', error);
        this.settle('failed');
      },
    );
  }

  private settle(state: 'loaded' | 'failed'): void {
    this.state = state;
    this.host.requestUpdate();
  }

  private readonly retry = (): void => {
    this.start();
    this.host.requestUpdate();
  };
}
