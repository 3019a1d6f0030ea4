using Chexs.Bot.Dialogs.Parsing;

namespace Chexs.Bot.Tests.Dialogs;

public class PupilNameMatcherTests
{
    private static readonly PupilName SamPatel = new("P1", "Sam", "Patel");
    private static readonly PupilName AvaJones = new("P2", "Ava", "Jones");
    private static readonly PupilName SamiraKhan = new("P3", "Samira", "Khan");
    private static readonly PupilName ZoeBronte = new("P4", "Zoë", "Brontë");
    private static readonly PupilName LeoONeil = new("P5", "Leo", "O'Neil");
    private static readonly PupilName[] Class = [SamPatel, AvaJones, SamiraKhan, ZoeBronte, LeoONeil];

    [Theory]
    [InlineData("Sam Patel", "P1")]
    [InlineData("  sam   PATEL ", "P1")]
    [InlineData("Ava", "P2")]
    [InlineData("Khan", "P3")]
    [InlineData("Sam P", "P1")]
    [InlineData("Zoe Bronte", "P4")]
    [InlineData("zoe", "P4")]
    [InlineData("Leo ONeil", "P5")]
    [InlineData("leo o'neil", "P5")]
    public void Exact_names_match_ignoring_case_accents_and_apostrophes(string typed, string id)
    {
        var match = PupilNameMatcher.Match(typed, Class);
        Assert.Equal(NameMatchKind.Unique, match.Kind);
        Assert.Equal(id, match.Pupil!.Id);
    }

    [Theory]
    [InlineData("SP", "P1")]
    [InlineData("S.P.", "P1")]
    [InlineData("s.p.", "P1")]
    [InlineData("S P", "P1")]
    [InlineData("AJ", "P2")]
    [InlineData("zb", "P4")] // lower case, no dots: read as initials only when no name is close
    public void Initials_match(string typed, string id)
    {
        var match = PupilNameMatcher.Match(typed, Class);
        Assert.Equal(NameMatchKind.Unique, match.Kind);
        Assert.Equal(id, match.Pupil!.Id);
    }

    [Theory]
    [InlineData("Sma Patel", "P1")]   // swapped letters
    [InlineData("Sam Patl", "P1")]    // one missing
    [InlineData("Samria", "P3")]      // swap in a longer name
    [InlineData("Samiraa Kahn", "P3")] // two edits in a long full name
    [InlineData("Aav", "P2")]         // one swap in a short name
    [InlineData("Jnoes", "P2")]
    public void Small_typos_match(string typed, string id)
    {
        var match = PupilNameMatcher.Match(typed, Class);
        Assert.Equal(NameMatchKind.Unique, match.Kind);
        Assert.Equal(id, match.Pupil!.Id);
    }

    [Theory]
    [InlineData("Amo")]      // two edits from a short name is too far
    [InlineData("Samuel")]   // three edits from Samira, Sam is too short a prefix
    [InlineData("Xavier")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("QQ")]
    public void Nothing_close_enough_is_none(string? typed)
    {
        var match = PupilNameMatcher.Match(typed, Class);
        Assert.Equal(NameMatchKind.None, match.Kind);
        Assert.Empty(match.Candidates);
        Assert.Null(match.Pupil);
    }

    [Fact]
    public void An_exact_full_name_wins_over_a_fuzzy_one()
    {
        var patil = new PupilName("P9", "Sam", "Patil");
        var match = PupilNameMatcher.Match("Sam Patel", [SamPatel, patil]);
        Assert.Equal(NameMatchKind.Unique, match.Kind);
        Assert.Equal("P1", match.Pupil!.Id);

        // …and when neither is exact, both one edit away, the dialog must ask.
        var typo = PupilNameMatcher.Match("Sam Patal", [SamPatel, patil]);
        Assert.Equal(NameMatchKind.Ambiguous, typo.Kind);
    }

    [Fact]
    public void Two_pupils_with_the_same_first_name_are_ambiguous()
    {
        var samTaylor = new PupilName("P6", "Sam", "Taylor");
        var match = PupilNameMatcher.Match("Sam", [.. Class, samTaylor]);
        Assert.Equal(NameMatchKind.Ambiguous, match.Kind);
        Assert.Equal(["P1", "P6"], match.Candidates.Select(c => c.Id).Order());
        Assert.Null(match.Pupil);

        Assert.Equal("P6", PupilNameMatcher.Match("Sam T", [.. Class, samTaylor]).Pupil?.Id);
        Assert.Equal("P6", PupilNameMatcher.Match("Sam Taylor", [.. Class, samTaylor]).Pupil?.Id);
    }

    [Fact]
    public void A_first_name_that_is_also_the_start_of_a_slightly_longer_one_is_ambiguous()
    {
        var samiPatil = new PupilName("P9", "Sami", "Patil");
        var match = PupilNameMatcher.Match("Sam", [SamPatel, samiPatil]);
        Assert.Equal(NameMatchKind.Ambiguous, match.Kind);
        Assert.Equal(["P1", "P9"], match.Candidates.Select(c => c.Id).Order());

        // The longer name typed is not the shorter one's, and a full name is exact.
        Assert.Equal("P9", PupilNameMatcher.Match("Sami", [SamPatel, samiPatil]).Pupil?.Id);
        Assert.True(PupilNameMatcher.Match("Sam Patel", [SamPatel, samiPatil]).Exact);
        Assert.False(PupilNameMatcher.Match("Sam Patl", [SamPatel, samiPatil]).Exact);
    }

    [Fact]
    public void Shared_initials_are_ambiguous()
    {
        var sarahPrice = new PupilName("P7", "Sarah", "Price");
        var match = PupilNameMatcher.Match("SP", [SamPatel, sarahPrice]);
        Assert.Equal(NameMatchKind.Ambiguous, match.Kind);
    }

    [Fact]
    public void Only_the_closest_fuzzy_matches_survive()
    {
        var saminaAli = new PupilName("P8", "Samina", "Ali");
        // "Samiraa" is one edit from Samira and two from Samina; both are within reach of a 7-letter name, the closer wins.
        var match = PupilNameMatcher.Match("Samiraa", [SamiraKhan, saminaAli]);
        Assert.Equal(NameMatchKind.Unique, match.Kind);
        Assert.Equal("P3", match.Pupil!.Id);
    }

    [Theory]
    [InlineData("sam", "sam", 0)]
    [InlineData("sam", "sma", 1)]
    [InlineData("sam", "pam", 1)]
    [InlineData("samira", "samria", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Edit_distance_counts_swaps_as_one(string a, string b, int distance) =>
        Assert.Equal(distance, PupilNameMatcher.DamerauLevenshtein(a, b));
}
