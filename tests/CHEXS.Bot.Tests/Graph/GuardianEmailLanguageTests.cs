using System.Net;
using System.Text.RegularExpressions;
using Chexs.Bot.Invitations;
using Chexs.Bot.Invitations.Languages;
using Chexs.Bot.Records;

namespace Chexs.Bot.Tests.Graph;

/// <summary>Templates per language: the same texts everywhere, every policy line in every language, plain text = HTML.</summary>
public sealed class GuardianEmailLanguageTests : IDisposable
{
    private readonly GraphTestKit _kit = new();
    private InvitationComposer Composer => new(_kit.SafeguardingSettings);

    public void Dispose() => _kit.Dispose();

    public static TheoryData<string> Languages => new(EmailTemplate.Languages);

    public static TheoryData<string, InvitationKind> LanguagesAndKinds()
    {
        var data = new TheoryData<string, InvitationKind>();
        foreach (var language in new[] { GuardianLanguage.English, GuardianLanguage.Welsh, GuardianLanguage.Bilingual })
        foreach (var kind in Enum.GetValues<InvitationKind>())
            data.Add(language, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_template_has_every_text_with_the_same_placeholders_as_English(string language)
    {
        var english = EmailTemplate.For(GuardianLanguage.English);
        var template = EmailTemplate.For(language);

        Assert.Equal(english.Texts.Keys.Order(), template.Texts.Keys.Order());
        foreach (var (key, text) in english.Texts)
            Assert.True(EmailTemplate.Placeholders(text).SetEquals(EmailTemplate.Placeholders(template.Texts[key])), $"{language}:{key} does not use the same placeholders as English");
        foreach (var (_, key) in InvitationComposer.JoinDetailPolicyLines)
            Assert.False(string.IsNullOrWhiteSpace(template.Texts[key]), $"{language}:{key} is empty");
        Assert.Equal(Enum.GetNames<Programme>().Order(), template.Programmes.Keys.Order());
        Assert.Equal(7, template.Dates.Days.Length);
        Assert.Equal(12, template.Dates.Months.Length);
    }

    [Theory]
    [MemberData(nameof(LanguagesAndKinds))]
    public void Every_email_in_every_language_carries_every_policy_line_in_plain_text_and_in_HTML(string language, InvitationKind kind)
    {
        var (pupil, mum, _) = _kit.SeedFamily(new DateOnly(2014, 6, 21)); // 12 on the day: P9 applies
        mum.Language = language;
        var session = _kit.SeedSession(pupil.Id);
        var previous = session.Copy();
        if (kind == InvitationKind.Rescheduled) session.Start = session.Start.AddDays(7);
        if (kind == InvitationKind.Cancelled) session.Cancel("test");

        var email = Composer.Compose(session, pupil, mum, kind, previous);
        var text = email.TextBody;
        var html = WebUtility.HtmlDecode(email.HtmlBody);

        foreach (var part in GuardianLanguage.Parts(language))
        {
            var t = EmailTemplate.For(part);
            var required = new List<string> { t.Text("policy.P14.contact", ("name", "Morgan Manager"), ("ways", t.Text("policy.P14.byEmail", ("email", "safeguarding@chexs.example")) + t.Text("policy.P14.or") + t.Text("policy.P14.byPhone", ("phone", "020 7946 0000")))) };
            if (kind != InvitationKind.Cancelled)
            {
                required.Add(t.Text("policy.P3.private", ("child", "Sam")));
                required.Add(t.Text("policy.P11.quietSpace", ("child", "Sam")));
                required.Add(t.Text("policy.P9.adultPresent", ("child", "Sam"), ("age", "14")));
                required.Add(t.Text("policy.P13.noAccount"));
                required.Add(t.Text("policy.P12.terms") + " " + InvitationComposer.ZoomTermsUrl);
                required.Add(t.Text("policy.P12.privacy") + " " + InvitationComposer.ZoomPrivacyUrl);
                required.Add(t.Text("join.label") + " " + GraphTestKit.JoinUrl);
                required.Add(t.Text("join.passcode", ("passcode", GraphTestKit.Passcode)));
            }
            foreach (var line in required) Assert.Contains(line, text);
            foreach (var line in required.Select(l => Regex.Replace(l, @" http\S+$", ""))) Assert.Contains(line, html);
        }
        if (kind == InvitationKind.Cancelled) Assert.DoesNotContain(GraphTestKit.Passcode, text + html);
        // Plain text and HTML say the same: every line of the one is in the other.
        foreach (var line in email.Lines) Assert.Contains(line.Text, html);
        Assert.Contains(GraphTestKit.JoinUrl.Length > 0 && kind != InvitationKind.Cancelled ? "href=\"" + GraphTestKit.JoinUrl : "<html", html);
    }

    [Fact]
    public void Bilingual_means_Welsh_first_then_English_in_the_subject_the_text_and_the_HTML()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        mum.Language = GuardianLanguage.Bilingual;

        var email = Composer.Compose(_kit.SeedSession(pupil.Id), pupil, mum, InvitationKind.Invitation);

        Assert.Equal("Sesiwn Sam gyda CHEXS (Rhaglen Twf): Iau 3 Rhag 2026, 4:00yh / Sam's CHEXS Growth Programme session: Thu 3 Dec 2026, 4:00pm", email.Subject);
        Assert.True(email.TextBody.IndexOf("Annwyl Priya Patel", StringComparison.Ordinal) < email.TextBody.IndexOf("Dear Priya Patel", StringComparison.Ordinal));
        Assert.Contains("the English version is below", email.TextBody);
        Assert.Contains("<div lang=\"cy\">", email.HtmlBody);
        Assert.Contains("<div lang=\"en\">", email.HtmlBody);
        Assert.True(email.HtmlBody.IndexOf("<div lang=\"cy\">", StringComparison.Ordinal) < email.HtmlBody.IndexOf("<div lang=\"en\">", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en", 2027, 3, 28, 0, 30, "Sunday 28 March 2027, 12:30am to 2:15am (UK time)")] // the clocks go forward at 1am: 45 minutes end at 2:15 BST
    [InlineData("cy", 2027, 3, 28, 0, 30, "dydd Sul 28 Mawrth 2027, 12:30yb tan 2:15yb (amser y DU)")]
    [InlineData("cy", 2027, 7, 1, 11, 0, "dydd Iau 1 Gorffennaf 2027, 12:00yh tan 12:45yh (amser y DU)")] // 12 noon BST
    [InlineData("cy", 2026, 12, 31, 23, 30, "dydd Iau 31 Rhagfyr 2026, 11:30yh tan dydd Gwener 1 Ionawr 2027, 12:15yb (amser y DU)")]
    public void Dates_and_times_are_written_the_languages_way(string language, int y, int mo, int d, int h, int mi, string expected) =>
        Assert.Equal(expected, EmailTemplate.For(language).Describe(new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero), 45, Ics.London));

    [Fact]
    public void The_HTML_is_simple_for_phones_and_screen_readers()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        var html = Composer.Compose(_kit.SeedSession(pupil.Id), pupil, mum, InvitationKind.Invitation).HtmlBody;

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Single(Regex.Matches(html, "<h1"));
        Assert.Contains("<h2 style=\"font-size: 1.15em;\">How to join</h2>", html);
        Assert.Contains(">Join Sam&#39;s session on Zoom</a>", html);                       // link text says where it goes
        Assert.Contains(">Read Zoom&#39;s privacy statement (on zoom.us)</a>", html);
        Assert.DoesNotMatch("<a [^>]*>https?:", html);                                     // never a bare address as link text
        Assert.DoesNotContain("color", html, StringComparison.OrdinalIgnoreCase);          // nothing told by colour alone
        Assert.DoesNotContain("<table", html);
        Assert.DoesNotContain("<img", html);
    }

    [Theory]
    [InlineData("", true, null)]
    [InlineData(" EN ", true, "en")]
    [InlineData("Cymraeg", true, "cy")]
    [InlineData("cy+en", true, "cy-en")]
    [InlineData("bilingual", true, "cy-en")]
    [InlineData("fr", false, null)]
    [InlineData("cy;en", false, null)]
    public void Language_cells_are_read_in_the_documented_codes(string cell, bool ok, string? code)
    {
        Assert.Equal(ok, GuardianLanguage.TryRead(cell, out var read));
        Assert.Equal(code, read);
    }
}
