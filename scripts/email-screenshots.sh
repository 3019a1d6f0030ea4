#!/usr/bin/env bash
# Regenerate the README's pictures of the guardian e-mail (docs/guardian-email-en.png and -cy.png): the HTML part of
# the message the bot sends, rendered by headless Chromium at a phone's width. Needs Chromium (/usr/bin/chromium or
# CHEXS_CHROMIUM), like the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/CHEXS.Bot.EndToEnd --nologo -v quiet
CHEXS_UPDATE_DOCS=1 dotnet test tests/CHEXS.Bot.EndToEnd --no-build --nologo --filter "FullyQualifiedName~GuardianEmailScreenshot"
ls -l docs/guardian-email-en.png docs/guardian-email-cy.png
