using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace Chexs.Bot.Graph;

/// <summary>How the bot signs in to Entra ID to call Microsoft Graph (setting <c>Graph:Auth</c>).</summary>
public enum GraphAuth
{
    /// <summary>App registration + client secret. Simplest; the secret expires (at most 24 months) and must be rotated.</summary>
    ClientSecret,
    /// <summary>App registration + certificate (PFX/PEM file or certificate store). No shared secret leaves Entra ID.</summary>
    Certificate,
    /// <summary>The Azure host's managed identity is the Graph identity: permissions are granted to its service principal. No secret at all.</summary>
    ManagedIdentity,
    /// <summary>App registration that trusts a user-assigned managed identity (federated identity credential). No secret at all.</summary>
    FederatedManagedIdentity,
}

/// <summary>
/// Turns <see cref="GraphOptions"/> into the <see cref="TokenCredential"/> Graph calls use. The choice is
/// configuration only, so moving from a client secret to a certificate or a managed identity needs no
/// code change, just different settings and a restart.
/// </summary>
public static class GraphCredentials
{
    /// <summary>Entra ID's audience for a managed identity token used as a federated client assertion.</summary>
    public const string TokenExchangeScope = "api://AzureADTokenExchange/.default";

    /// <summary>Settings the chosen <see cref="GraphOptions.Auth"/> needs and lacks, as configuration keys.</summary>
    public static IReadOnlyList<string> Missing(GraphOptions o)
    {
        var missing = new List<string>();
        void Need(string key, string value) { if (string.IsNullOrWhiteSpace(value)) missing.Add(key); }
        switch (o.Auth)
        {
            case GraphAuth.ClientSecret:
                Need("Graph:TenantId", o.TenantId);
                Need("Graph:ClientId", o.ClientId);
                Need("Graph:ClientSecret", o.ClientSecret);
                break;
            case GraphAuth.Certificate:
                Need("Graph:TenantId", o.TenantId);
                Need("Graph:ClientId", o.ClientId);
                if (string.IsNullOrWhiteSpace(o.CertificatePath) && string.IsNullOrWhiteSpace(o.CertificateThumbprint))
                    missing.Add("Graph:CertificatePath (or Graph:CertificateThumbprint)");
                break;
            case GraphAuth.ManagedIdentity:
                // Empty ManagedIdentityClientId means the system-assigned identity: nothing is required.
                break;
            case GraphAuth.FederatedManagedIdentity:
                Need("Graph:TenantId", o.TenantId);
                Need("Graph:ClientId", o.ClientId);
                Need("Graph:ManagedIdentityClientId", o.ManagedIdentityClientId);
                break;
        }
        return missing;
    }

    public static TokenCredential Create(GraphOptions o)
    {
        var missing = Missing(o);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Microsoft Graph is not configured for Graph:Auth={o.Auth}. Missing setting(s): {string.Join(", ", missing)}.");
        }
        return o.Auth switch
        {
            GraphAuth.ClientSecret => new ClientSecretCredential(o.TenantId, o.ClientId, o.ClientSecret),
            GraphAuth.Certificate => new ClientCertificateCredential(o.TenantId, o.ClientId, LoadCertificate(o)),
            GraphAuth.ManagedIdentity => ManagedIdentity(o.ManagedIdentityClientId),
            GraphAuth.FederatedManagedIdentity => Federated(o),
            _ => throw new InvalidOperationException($"Unknown Graph:Auth '{o.Auth}'."),
        };
    }

    /// <summary>The certificate for <see cref="GraphAuth.Certificate"/>: from a file (PFX or PEM) or the certificate store by thumbprint.</summary>
    public static X509Certificate2 LoadCertificate(GraphOptions o)
    {
        if (!string.IsNullOrWhiteSpace(o.CertificatePath))
        {
            if (!File.Exists(o.CertificatePath))
                throw new InvalidOperationException($"Graph:CertificatePath points at {o.CertificatePath}, which does not exist.");
            return o.CertificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(o.CertificatePath)
                : X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath, string.IsNullOrEmpty(o.CertificatePassword) ? null : o.CertificatePassword);
        }
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, o.CertificateThumbprint, validOnly: false);
            if (found.Count > 0) return found[0];
        }
        throw new InvalidOperationException($"No certificate with thumbprint {o.CertificateThumbprint} in the CurrentUser or LocalMachine 'My' store.");
    }

    private static ManagedIdentityCredential ManagedIdentity(string clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    /// <summary>
    /// The app registration keeps the Graph permissions and the Exchange RBAC assignments; the host proves
    /// it may act as that app with its managed identity's token instead of a secret (workload identity federation).
    /// </summary>
    private static ClientAssertionCredential Federated(GraphOptions o)
    {
        var identity = ManagedIdentity(o.ManagedIdentityClientId);
        return new ClientAssertionCredential(o.TenantId, o.ClientId, async ct =>
            (await identity.GetTokenAsync(new TokenRequestContext([TokenExchangeScope]), ct).ConfigureAwait(false)).Token);
    }
}
