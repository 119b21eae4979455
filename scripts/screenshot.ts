/** Screenshot a page of the built site: npx tsx scripts/screenshot.ts /attention docs/screenshot.png [full] [width] */
import {openPage, openSite, settle} from "../tests/browser/harness.js";

const [path = "/attention", out = "docs/screenshot.png", full = "", width = "1280"] = process.argv.slice(2);
const site = await openSite();
try {
  const {page, consoleErrors} = await openPage(site, path, {width: Number(width), height: 900});
  await settle(page);
  await page.screenshot({path: out, fullPage: full === "full"});
  if (consoleErrors.length) console.error(consoleErrors.join("\n"));
} finally {
  await site.close();
}
