// Steps several end-to-end tests share: open the app, type commands, read the stage.

/** Opens the app and waits until it is interactive. */
export async function openApp(page, url) {
  await page.goto(url);
  await page.waitForSelector('[data-testid=app][data-ready=true]');
}

/**
 * Types `line` in the console and presses Enter. A destructive command opens the what-if
 * dialog; `confirm` says whether to run it anyway.
 */
export async function type(page, line, { confirm = true } = {}) {
  const before = await page.locator('[data-testid=console-entry], [data-testid=console-error], [data-testid=console-help]').count();
  await page.fill('[data-testid=console-input]', line);
  await page.press('[data-testid=console-input]', 'Enter');
  // Either the command ran (a new console entry) or the what-if dialog opened.
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid=console-entry], [data-testid=console-error], [data-testid=console-help]').length > n ||
      document.querySelector('[data-testid=confirm]'),
    before,
  );
  if (await page.locator('[data-testid=confirm]').count()) {
    await page.click(confirm ? '[data-testid=confirm-run]' : '[data-testid=confirm-cancel]');
  }
}

/** The legacy (dual-pass) ADE flow, with ade-app allowed only `secrets set`. */
export const LEGACY_SETUP = [
  'az ad sp create-for-rbac --name ade-app',
  'az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7',
  'az keyvault key create --vault-name kv-ade --name kek --kty RSA --size 3072',
  'az keyvault set-policy --name kv-ade --spn ade-app --secret-permissions set',
  'az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204',
];

export const LEGACY_ENABLE =
  'az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek --aad-client-id ade-app --aad-client-secret ***';

/** The verdict the health panel shows for `asset`. */
export function verdict(page, asset) {
  return page.getAttribute(`[data-asset="${asset}"]`, 'data-verdict');
}

/** Waits until the health panel shows `asset` with `want`. */
export async function waitVerdict(page, asset, want) {
  await page.waitForSelector(`[data-asset="${asset}"][data-verdict="${want}"]`);
}
