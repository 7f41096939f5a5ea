// Steps several end-to-end tests share: open the app, type commands, read the stage.

/** Opens the app and waits until it is interactive. */
export async function openApp(page, url) {
  await page.goto(url);
  await page.waitForSelector('[data-testid=app][data-ready=true]');
}

const RAN = '[data-testid=console-entry], [data-testid=console-error], [data-testid=console-help]';

/**
 * Types `line` in the console and presses Enter. A destructive command that would change a
 * verdict opens the what-if dialog instead of running: `preview` pins whether it does for this
 * line. Leave it out when the dialog must not open; `'run'` or `'cancel'` when it must, and what to
 * press in it. Either way the helper fails if the dialog does the other thing.
 */
export async function type(page, line, { preview } = {}) {
  const before = await page.locator(RAN).count();
  await page.fill('[data-testid=console-input]', line);
  await page.press('[data-testid=console-input]', 'Enter');
  // Either the command ran (a new console entry) or the what-if dialog opened.
  const opened = await page.waitForFunction(
    ([n, ran]) => {
      if (document.querySelector('[data-testid=confirm]')) return 'dialog';
      return document.querySelectorAll(ran).length > n && 'ran';
    },
    [before, RAN],
  ).then((h) => h.jsonValue());
  if (preview === undefined) {
    if (opened === 'dialog') throw new Error(`the what-if dialog opened for \`${line}\`; pass { preview: 'run' } if it should`);
    return;
  }
  if (opened !== 'dialog') throw new Error(`\`${line}\` ran without the what-if dialog that was expected`);
  await page.click(preview === 'run' ? '[data-testid=confirm-run]' : '[data-testid=confirm-cancel]');
  await page.waitForSelector('[data-testid=confirm]', { state: 'detached' });
  if (preview === 'run') {
    await page.waitForFunction(([n, ran]) => document.querySelectorAll(ran).length > n, [before, RAN]);
  }
}

/** The legacy (dual-pass) ADE flow, with ade-app allowed only `secrets set`. */
export const LEGACY_SETUP = [
  'az ad sp create-for-rbac --name ade-app',
  'az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7 --enable-rbac-authorization false',
  'az keyvault key create --vault-name kv-ade --name kek --kty RSA --size 3072',
  'az keyvault set-policy --name kv-ade --spn ade-app --secret-permissions set',
  'az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204',
];

export const LEGACY_ENABLE =
  'az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek --aad-client-id ade-app --aad-client-secret ***';

/** Opens the app and types the legacy setup; with `enable`, then the legacy enable as well. */
export async function legacySession(page, url, { enable = false } = {}) {
  await openApp(page, url);
  for (const line of LEGACY_SETUP) await type(page, line);
  if (enable) await type(page, LEGACY_ENABLE);
}

/** The verdict the health panel shows for `asset`. */
export function verdict(page, asset) {
  return page.getAttribute(`[data-asset="${asset}"]`, 'data-verdict');
}

/** Waits until the health panel shows `asset` with `want`. */
export async function waitVerdict(page, asset, want) {
  await page.waitForSelector(`[data-asset="${asset}"][data-verdict="${want}"]`);
}
