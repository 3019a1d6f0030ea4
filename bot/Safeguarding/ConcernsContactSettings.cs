namespace Chexs.Bot.Safeguarding;

/// <summary>
/// P14's contact is a safeguarding setting (Safeguarding:ConcernsContactName, …Email, …Phone). It used to sit
/// in the Graph section; for one release each old Graph:ConcernsContact* key is still read when its new key is
/// empty, and the bot warns at startup so operators move it before the old keys stop being read.
/// </summary>
public static class ConcernsContactSettings
{
    private const string LegacySection = "Graph";

    private static readonly (string Key, Func<SafeguardingOptions, string> Get, Action<SafeguardingOptions, string> Set)[] Settings =
    [
        (nameof(SafeguardingOptions.ConcernsContactName), o => o.ConcernsContactName, (o, v) => o.ConcernsContactName = v),
        (nameof(SafeguardingOptions.ConcernsContactEmail), o => o.ConcernsContactEmail, (o, v) => o.ConcernsContactEmail = v),
        (nameof(SafeguardingOptions.ConcernsContactPhone), o => o.ConcernsContactPhone, (o, v) => o.ConcernsContactPhone = v),
    ];

    /// <summary>Fills each contact setting that is still empty from its old Graph key; returns the old keys it used.</summary>
    public static IReadOnlyList<string> ApplyLegacyKeys(SafeguardingOptions options, IConfiguration config)
    {
        var used = new List<string>();
        foreach (var (key, get, set) in Settings)
        {
            var old = config[$"{LegacySection}:{key}"];
            if (!string.IsNullOrWhiteSpace(get(options)) || string.IsNullOrWhiteSpace(old)) continue;
            set(options, old);
            used.Add($"{LegacySection}:{key}");
        }
        return used;
    }

    /// <summary>The contact as configured, before the options are built (startup checks): new keys first, then the old ones.</summary>
    public static SafeguardingOptions Read(IConfiguration config) => Resolve(config).Options;

    /// <summary>The old keys this configuration still relies on (the startup warning names them).</summary>
    public static IReadOnlyList<string> LegacyKeysInUse(IConfiguration config) => Resolve(config).LegacyKeys;

    private static (SafeguardingOptions Options, IReadOnlyList<string> LegacyKeys) Resolve(IConfiguration config)
    {
        var options = new SafeguardingOptions();
        foreach (var (key, _, set) in Settings)
            set(options, config[$"{SafeguardingOptions.Section}:{key}"] ?? "");
        return (options, ApplyLegacyKeys(options, config));
    }

    /// <summary>The settings still to set for P14, by name (the old name too, so an operator searching for either finds it).</summary>
    public static IReadOnlyList<string> Missing(SafeguardingOptions o)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ConcernsContactName))
            missing.Add("Safeguarding:ConcernsContactName (formerly Graph:ConcernsContactName)");
        if (string.IsNullOrWhiteSpace(o.ConcernsContactEmail) && string.IsNullOrWhiteSpace(o.ConcernsContactPhone))
            missing.Add("Safeguarding:ConcernsContactEmail (or Safeguarding:ConcernsContactPhone)");
        return missing;
    }

    public static string DeprecationWarning(IReadOnlyList<string> legacyKeys) =>
        $"P14: the concerns contact is read from the old setting(s) {string.Join(", ", legacyKeys)}. " +
        "Move them to the Safeguarding section (Safeguarding:ConcernsContactName, Safeguarding:ConcernsContactEmail, Safeguarding:ConcernsContactPhone): " +
        "the Graph keys will no longer be read in the next release.";
}
