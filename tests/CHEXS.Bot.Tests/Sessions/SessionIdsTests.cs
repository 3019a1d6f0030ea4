using Chexs.Bot.Sessions;

namespace Chexs.Bot.Tests.Sessions;

public sealed class SessionIdsTests
{
    [Fact]
    public void New_references_are_S_and_five_unambiguous_characters()
    {
        var ids = Enumerable.Range(0, 2000).Select(_ => SessionIds.New()).ToList();

        Assert.All(ids, id => Assert.Matches("^S-[2-9A-HJKMNP-TV-Z]{5}$", id));
        Assert.All(ids, id => Assert.Equal(id, SessionIds.Normalise(id)));
        Assert.True(ids.Distinct().Count() > 1990);
    }

    [Fact]
    public void New_with_the_stored_references_never_repeats_one()
    {
        var taken = new HashSet<string>();
        var first = SessionIds.New();
        taken.Add(first);
        var calls = 0;

        // The first candidate "drawn" is taken; a fresh one is drawn instead.
        var id = SessionIds.New(candidate => calls++ == 0 || taken.Contains(candidate));

        Assert.DoesNotContain(id, taken);
        Assert.True(calls >= 2);
    }

    [Theory]
    [InlineData("S-7K3Q9", "S-7K3Q9")]
    [InlineData("s-7k3q9", "S-7K3Q9")]
    [InlineData("7K3Q9", "S-7K3Q9")]
    [InlineData("  s-7K3q9 ", "S-7K3Q9")]
    [InlineData("S-7K3Q", null)]     // too short
    [InlineData("S-7K3Q9X", null)]   // too long
    [InlineData("S-7K3Q0", null)]    // 0 is not used (looks like O)
    [InlineData("S-7K3QO", null)]
    [InlineData("S-7K3Q1", null)]
    [InlineData("S-7K3QI", null)]
    [InlineData("S-7K3QL", null)]
    [InlineData("S-7K-Q9", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalise_accepts_what_people_type_and_refuses_the_rest(string? typed, string? expected)
    {
        Assert.Equal(expected, SessionIds.Normalise(typed));
    }
}
