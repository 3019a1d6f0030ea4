using System.Diagnostics;
using YamlDotNet.Serialization;

namespace Chexs.Bot.EndToEnd;

/// <summary>
/// scripts/run-local.sh names the signed-in user from the Playground config and can sign in someone else
/// (<c>--as morgan</c>) through scripts/playground-user.js: it must write the same file the end-to-end fixture
/// writes (<see cref="PlaygroundConfig.AsUser"/>), so a local run and the tests present users alike. No Playground runs here.
/// </summary>
public sealed class RunLocalUserTests
{
    private static (int Exit, string Output, string Errors) Node(params string[] args)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine("scripts", "playground-user.js"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, errors);
    }

    private static object Parsed(string yaml) =>
        new SerializerBuilder().Build().Serialize(new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(yaml));

    [Theory]
    [InlineData("", "Alex Host")]
    [InlineData("morgan", "Morgan Manager")]
    [InlineData("Jordan Lead", "Jordan Lead")]
    [InlineData("29:casey-visitor", "Casey Visitor")]
    public void The_signed_in_user_is_named_from_the_config_or_the_as_option(string who, string name)
    {
        var (exit, output, _) = Node("name", RepoPaths.PlaygroundConfig, who);

        Assert.Equal(0, exit);
        Assert.Equal(name, output.Trim());
    }

    [Theory]
    [InlineData("morgan", "Morgan Manager")]
    [InlineData("alex", "Alex Host")]
    [InlineData("dana", "Dana Safeguarding")]
    public void Signing_in_as_someone_writes_the_same_config_as_the_end_to_end_fixture(string who, string name)
    {
        var (exit, output, errors) = Node("yaml", RepoPaths.PlaygroundConfig, who);

        Assert.True(exit == 0, errors);
        var expected = PlaygroundConfig.AsUser(File.ReadAllText(RepoPaths.PlaygroundConfig), name);
        Assert.Equal(Parsed(expected), Parsed(output));
    }

    [Fact]
    public void An_unknown_user_is_refused_with_the_known_names()
    {
        var (exit, output, errors) = Node("yaml", RepoPaths.PlaygroundConfig, "nobody");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Known: Alex Host, Morgan Manager, Jordan Lead, Casey Visitor, Dana Safeguarding, Riley Visitor.", errors);
    }
}
