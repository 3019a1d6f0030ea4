using System.IO.Compression;
using Chexs.Bot.Hosting;
using Chexs.Bot.Manifest;
using Chexs.Bot.Tests.Cards;
using Microsoft.Extensions.Configuration;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Manifest;

/// <summary>The Teams app manifest, its icons and the package the <c>package-manifest</c> verb writes.</summary>
public sealed class ManifestTests : IDisposable
{
    private static readonly Guid BotId = Guid.Parse("8f0c2a51-3b7e-4d1a-9c55-2e6f1d0b7a93");
    private static readonly Guid AppId = Guid.Parse("2d9e7c40-5a61-4f3b-8e27-b1c0d4f6a815");
    private static readonly string Folder = NodeTools.Path("manifest");
    private static readonly string Template = File.ReadAllText(System.IO.Path.Combine(Folder, "manifest.json"));

    private readonly string _temp = Directory.CreateTempSubdirectory("chexs-manifest-").FullName;

    private static readonly TeamsAppLinks Links = new("https://www.chexs.org.uk", "https://www.chexs.org.uk/privacy", "https://www.chexs.org.uk/terms");
    private static readonly string[] LinkArgs = ["--website-url", Links.WebsiteUrl, "--privacy-url", Links.PrivacyUrl, "--terms-url", Links.TermsUrl];

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static JObject Build(Guid? appId = null, string version = "1.2.3", params string[] domains) =>
        TeamsAppPackage.BuildManifest(Template, new TeamsAppPackageOptions(BotId, appId, version, domains, Links));

    private static async Task<JArray> SchemaErrors(JObject manifest)
    {
        var output = await NodeTools.RunScriptAsync("validate-manifest.js", manifest.ToString(Formatting.None), (string)manifest["manifestVersion"]!);
        return (JArray)CardSamples.Parse(output)["errors"]!;
    }

    // ---- manifest.json -------------------------------------------------------------------------

    [Fact]
    public async Task The_filled_in_manifest_is_valid_against_the_official_schema()
    {
        var errors = await SchemaErrors(Build(AppId, "1.2.3", "chexs-bot.example.org"));

        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_schema_check_catches_what_it_should()
    {
        // The unfilled template fails on both ids, so a passing check above means something.
        var unfilled = JObject.Parse(Template);

        var errors = await SchemaErrors(unfilled);

        Assert.Contains(errors, e => (string?)e["instancePath"] == "/id");
        Assert.Contains(errors, e => (string?)e["instancePath"] == "/bots/0/botId");
    }

    [Fact]
    public void The_manifest_uses_a_schema_version_of_1_19_or_later_and_says_so_consistently()
    {
        var manifest = JObject.Parse(Template);
        var version = Version.Parse((string)manifest["manifestVersion"]!);

        Assert.True(version >= new Version(1, 19));
        // (validate-manifest.js fails when the pinned @microsoft/app-manifest has no schema for this version.)
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json", (string?)manifest["$schema"]);
    }

    [Fact]
    public void The_bot_offers_its_commands_in_every_scope_within_Teams_limits()
    {
        var bot = (JObject)Build()["bots"]![0]!;
        var lists = bot["commandLists"]!.Cast<JObject>().ToList();
        string[] Titles(string scope) => lists.Single(l => l["scopes"]!.Values<string>().Contains(scope))["commands"]!.Select(c => (string)c["title"]!).ToArray();

        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.Values<string>());
        Assert.Equal(BotId.ToString(), (string?)bot["botId"]);
        Assert.Equal(
            ["book session", "my sessions", "cancel session", "reschedule session", "record consent", "withdraw consent", "policy", "help"],
            Titles("personal"));
        // In channels and group chats only what is safe to say in front of others (G6, P3).
        Assert.Equal(["policy", "help"], Titles("team"));
        Assert.Equal(["policy", "help"], Titles("groupChat"));
        Assert.All(lists, l => Assert.InRange(l["commands"]!.Count(), 1, 12));
    }

    [Fact]
    public void The_bot_takes_files_in_its_personal_chat_so_managers_can_send_a_pupils_or_consents_csv()
    {
        var bot = (JObject)Build()["bots"]![0]!;

        // Without supportsFiles Teams offers no attach button in the bot's chat and never delivers a file to it.
        Assert.True((bool?)bot["supportsFiles"]);
    }

    [Fact]
    public void Ids_version_and_domains_are_filled_in()
    {
        var sameIds = Build();
        var ownAppId = Build(AppId, "2.0.10", "chexs-bot.example.org", "token.botframework.com");

        Assert.Equal(BotId.ToString(), (string?)sameIds["id"]);
        Assert.Equal(AppId.ToString(), (string?)ownAppId["id"]);
        Assert.Equal(BotId.ToString(), (string?)ownAppId["bots"]![0]!["botId"]);
        Assert.Equal("2.0.10", (string?)ownAppId["version"]);
        Assert.Equal(["token.botframework.com", "*.zoom.us", "chexs-bot.example.org"], ownAppId["validDomains"]!.Values<string>());
        Assert.DoesNotContain("{{", ownAppId.ToString());
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.2.3")]
    [InlineData("v1.2.3")]
    public void A_version_Teams_would_refuse_is_refused(string version)
    {
        var e = Assert.Throws<ArgumentException>(() => Build(version: version));

        Assert.Contains("three numbers", e.Message);
    }

    [Theory]
    [InlineData("https://bot.example.org")]
    [InlineData("bot example.org")]
    [InlineData("localhost")]
    public void A_domain_that_is_not_a_host_name_is_refused(string domain)
    {
        Assert.Throws<ArgumentException>(() => Build(domains: domain));
    }

    // ---- icons ---------------------------------------------------------------------------------

    [Fact]
    public void The_colour_icon_is_a_192_pixel_colour_PNG()
    {
        var bytes = File.ReadAllBytes(System.IO.Path.Combine(Folder, "color.png"));
        var info = PngInfo.Read(bytes);
        var pixels = PngPixels.Decode(bytes);

        Assert.Equal((192, 192), (info.Width, info.Height));
        Assert.Equal((192, 192), (pixels.Width, pixels.Height));
        // Mostly the accent colour: a real colour icon, not a blank square.
        Assert.Equal((0x1F, 0x6F, 0x5C, 255), pixels[96, 20]);
        Assert.Equal((255, 255, 255, 255), pixels[60, 96]);
    }

    [Fact]
    public void The_outline_icon_is_a_32_pixel_white_shape_on_transparency()
    {
        var bytes = File.ReadAllBytes(System.IO.Path.Combine(Folder, "outline.png"));
        var info = PngInfo.Read(bytes);
        var pixels = PngPixels.Decode(bytes);

        Assert.Equal((32, 32), (info.Width, info.Height));
        Assert.True(info.HasAlphaChannel);
        Assert.Equal(0, pixels[0, 0].A);
        Assert.Equal(255, pixels[10, 16].A);
        Assert.All(pixels.All.Where(p => p.A > 0), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.Contains(pixels.All, p => p.A == 0);
    }

    // ---- the package ---------------------------------------------------------------------------

    [Fact]
    public void The_package_holds_the_manifest_and_both_icons_at_its_root()
    {
        using var zipBytes = new MemoryStream();
        TeamsAppPackage.Write(Folder, new TeamsAppPackageOptions(BotId, null, "1.4.0", null, Links), zipBytes);

        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        var manifest = JObject.Parse(new StreamReader(zip.GetEntry("manifest.json")!.Open()).ReadToEnd());
        Assert.Equal(BotId.ToString(), (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal("1.4.0", (string?)manifest["version"]);
        foreach (var icon in new[] { "color.png", "outline.png" })
        {
            using var entry = new MemoryStream();
            zip.GetEntry(icon)!.Open().CopyTo(entry);
            Assert.Equal(File.ReadAllBytes(System.IO.Path.Combine(Folder, icon)), entry.ToArray());
        }
    }

    [Fact]
    public void An_icon_of_the_wrong_size_stops_the_package()
    {
        File.WriteAllText(System.IO.Path.Combine(_temp, "manifest.json"), Template);
        // Swapped icons: each is the other's size.
        File.Copy(System.IO.Path.Combine(Folder, "outline.png"), System.IO.Path.Combine(_temp, "color.png"));
        File.Copy(System.IO.Path.Combine(Folder, "color.png"), System.IO.Path.Combine(_temp, "outline.png"));

        var e = Assert.Throws<InvalidDataException>(() => TeamsAppPackage.Write(_temp, new TeamsAppPackageOptions(BotId, null, "1.0.0", null, Links), Stream.Null));

        Assert.Contains("color.png is 32x32; Teams needs 192x192", e.Message);
    }

    // ---- the verb ------------------------------------------------------------------------------

    [Fact]
    public void The_verb_is_registered()
    {
        Assert.True(CommandLine.IsCommand(["package-manifest", "--bot-id", BotId.ToString()]));
    }

    [Fact]
    public void The_verb_writes_the_package_from_the_files_shipped_with_the_bot()
    {
        var outFile = System.IO.Path.Combine(_temp, "app.zip");
        var output = new StringWriter();

        var exit = PackageManifestCommand.Run(["--bot-id", BotId.ToString(), "--version", "3.1.4", "--out", outFile, .. LinkArgs], output);

        Assert.Equal(0, exit);
        Assert.Contains(outFile, output.ToString());
        using var zip = ZipFile.OpenRead(outFile);
        var manifest = JObject.Parse(new StreamReader(zip.GetEntry("manifest.json")!.Open()).ReadToEnd());
        Assert.Equal("3.1.4", (string?)manifest["version"]);
        Assert.Equal(BotId.ToString(), (string?)manifest["id"]);
    }

    [Fact]
    public void Without_a_version_the_verb_uses_the_bot_assembly_version()
    {
        var outFile = System.IO.Path.Combine(_temp, "app.zip");

        PackageManifestCommand.Run(["--bot-id", BotId.ToString(), "--out", outFile, .. LinkArgs], TextWriter.Null);

        using var zip = ZipFile.OpenRead(outFile);
        var manifest = JObject.Parse(new StreamReader(zip.GetEntry("manifest.json")!.Open()).ReadToEnd());
        Assert.Equal(PackageManifestCommand.AssemblyVersion(), (string?)manifest["version"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", PackageManifestCommand.AssemblyVersion());
    }

    [Theory]
    [InlineData(new[] { "--bot-id", "not-a-guid" }, "--bot-id must be a GUID")]
    [InlineData(new[] { "--bot-id", "00000000-0000-0000-0000-000000000000" }, "--bot-id must be a GUID")]
    [InlineData(new[] { "--bot-id", "{8f0c2a51-3b7e-4d1a-9c55-2e6f1d0b7a93}" }, "--bot-id must be a GUID")]
    [InlineData(new[] { "--version", "1.0.0" }, "--bot-id is required")]
    [InlineData(new[] { "--bot-id" }, "--bot-id needs a value")]
    [InlineData(new[] { "--bot-id", "8f0c2a51-3b7e-4d1a-9c55-2e6f1d0b7a93", "--colour", "red" }, "Unknown argument '--colour'")]
    [InlineData(new[] { "--bot-id", "8f0c2a51-3b7e-4d1a-9c55-2e6f1d0b7a93", "--version", "1.0" }, "three numbers")]
    [InlineData(new[] { "--bot-id", "8f0c2a51-3b7e-4d1a-9c55-2e6f1d0b7a93", "--app-id", "x" }, "--app-id must be a GUID")]
    public void Bad_arguments_get_a_clear_message_and_write_nothing(string[] args, string message)
    {
        var outFile = System.IO.Path.Combine(_temp, "app.zip");

        var e = Assert.Throws<CommandLineException>(() => PackageManifestCommand.Run([.. args, "--out", outFile, .. LinkArgs], TextWriter.Null));

        Assert.Contains(message, e.Message);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void The_package_takes_the_real_ids_domain_and_links_from_configuration()
    {
        var outFile = System.IO.Path.Combine(_temp, "from-config.zip");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = BotId.ToString(),
            ["TeamsApp:AppId"] = AppId.ToString(),
            ["TeamsApp:Domain"] = "chexs-bot.uksouth.cloudapp.azure.com",
            ["TeamsApp:WebsiteUrl"] = Links.WebsiteUrl,
            ["TeamsApp:PrivacyUrl"] = Links.PrivacyUrl,
            ["TeamsApp:TermsUrl"] = Links.TermsUrl,
        }).Build();

        Assert.Equal(0, PackageManifestCommand.Run(["--version", "1.0.0", "--out", outFile], TextWriter.Null, config));

        using var zip = ZipFile.OpenRead(outFile);
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var manifest = JObject.Parse(reader.ReadToEnd());
        Assert.Equal(AppId.ToString(), (string?)manifest["id"]);
        Assert.Equal(BotId.ToString(), (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(Links.PrivacyUrl, (string?)manifest["developer"]!["privacyUrl"]);
        Assert.Equal(Links.TermsUrl, (string?)manifest["developer"]!["termsOfUseUrl"]);
        Assert.Equal(Links.WebsiteUrl, (string?)manifest["developer"]!["websiteUrl"]);
        Assert.Contains("chexs-bot.uksouth.cloudapp.azure.com", manifest["validDomains"]!.Values<string>());
    }

    [Theory]
    [InlineData("--privacy-url", "https://www.chexs.example/privacy", "placeholder")]
    [InlineData("--terms-url", "http://www.chexs.org.uk/terms", "https URL")]
    public void Placeholder_or_insecure_links_are_refused(string name, string url, string expected)
    {
        var args = LinkArgs.ToArray();
        args[Array.IndexOf(args, name) + 1] = url;
        var e = Assert.Throws<CommandLineException>(() => PackageManifestCommand.Run(["--bot-id", BotId.ToString(), "--out", System.IO.Path.Combine(_temp, "x.zip"), .. args], TextWriter.Null));
        Assert.Contains(expected, e.Message);
    }
}
