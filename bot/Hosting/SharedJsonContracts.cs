using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Newtonsoft.Json.Serialization;

namespace Chexs.Bot.Hosting;

/// <summary>
/// The SDK makes a new <see cref="ConnectorClient"/> for every turn and every proactive message, and each
/// one gets its own new <see cref="DefaultContractResolver"/> — whose cache of reflected type contracts
/// therefore starts empty every time, so every send, reply or card update re-reflects Activity and its
/// parts. This gives every client the same two resolvers (the same kind, so the JSON on the wire is
/// unchanged) so the contracts are built once per process. Measured in docs/benchmarks.md.
/// </summary>
public sealed class SharedJsonContracts(ConnectorFactory inner) : ConnectorFactory
{
    private static readonly DefaultContractResolver Serialize = new();
    private static readonly DefaultContractResolver Deserialize = new();

    public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
    {
        var client = await inner.CreateAsync(serviceUrl, audience, cancellationToken);
        if (client is ConnectorClient c)
        {
            c.SerializationSettings.ContractResolver = Serialize;
            c.DeserializationSettings.ContractResolver = Deserialize;
        }
        return client;
    }
}
