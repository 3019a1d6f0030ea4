#!/usr/bin/env bash
# Writes /run/chexs-bot/secrets.env (tmpfs, root-only, gone at reboot) from Azure Key Vault, signing in
# with the VM's managed identity. The secrets never touch the repository or the VM's disk.
# Needs the Azure CLI and, on the vault, the "Key Vault Secrets User" role for the VM's identity.
set -euo pipefail
VAULT="${CHEXS_KEYVAULT:?set CHEXS_KEYVAULT in /etc/chexs-bot/settings.env}"
OUT=/run/chexs-bot/secrets.env
install -d -m 0700 /run/chexs-bot
az login --identity --allow-no-subscriptions >/dev/null
umask 077
: > "$OUT.tmp"
# Key Vault secret names cannot contain ':' or '_', so each is named like the variable with '--' for '__'.
for name in MicrosoftAppPassword Graph--ClientSecret Zoom--AccountId Zoom--ClientId Zoom--ClientSecret Zoom--WebhookSecretToken; do
  if value="$(az keyvault secret show --vault-name "$VAULT" --name "$name" --query value -o tsv 2>/dev/null)"; then
    printf '%s=%s\n' "${name//--/__}" "$value" >> "$OUT.tmp"
  fi
done
mv "$OUT.tmp" "$OUT"
chown root:root "$OUT"
