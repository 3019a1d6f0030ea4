using Chexs.Bot.Sessions;
using Newtonsoft.Json.Linq;
using static Chexs.Bot.Tests.Sessions.SessionWorld;

namespace Chexs.Bot.Tests.Sessions;

/// <summary>The cards built from sessions: who sees names and the passcode (P3, G6), and what a decision card says.</summary>
public sealed class SessionCardsTests
{
    private static string Text(JObject card) => string.Join("\n", card.Descendants().OfType<JProperty>()
        .Where(p => p.Name is "text" or "value" or "title").Select(p => (string?)p.Value));

    [Fact]
    public async Task The_confirmation_shows_full_names_and_the_passcode_only_in_the_hosts_own_chat()
    {
        await using var w = await StartAsync();
        var session = await w.BookAsync(OneToOne(Jo));
        var cards = w.Bot.Get<SessionCards>();
        var passcode = session.Meeting!.Passcode;

        var hostChat = Text(await cards.ConfirmationAsync(session, inHostsPersonalChat: true, includePasscode: true));
        var stored = Text(await cards.ConfirmationAsync(session, inHostsPersonalChat: true, includePasscode: false));
        var channel = Text(await cards.ConfirmationAsync(session, inHostsPersonalChat: false, includePasscode: true));

        Assert.Contains("- Jo Kim", hostChat);
        Assert.Contains($"Meeting passcode: {passcode}", hostChat);
        Assert.Contains("- Jo Kim", stored);
        Assert.DoesNotContain(passcode, stored);
        Assert.Contains("- J.K.", channel);
        Assert.DoesNotContain("Kim", channel);
        Assert.DoesNotContain(passcode, channel);
        foreach (var card in new[] { hostChat, stored, channel })
        {
            Assert.DoesNotContain(session.Meeting.JoinUrl, card);
            Assert.DoesNotContain("pwd=", card);
            Assert.Contains(session.Id, card);
            Assert.Contains("P9: a participant is under 14", card); // Jo is 12
            Assert.DoesNotContain("Simulated meeting", card);
        }
    }

    [Fact]
    public async Task A_simulated_meeting_is_labelled_on_the_confirmation()
    {
        await using var w = await StartAsync(s => s["Zoom:Simulate"] = "true");
        var session = await w.BookAsync(OneToOne());

        var card = Text(await w.Bot.Get<SessionCards>().ConfirmationAsync(session, inHostsPersonalChat: true, includePasscode: true));

        Assert.Contains("Simulated meeting", card);
        Assert.DoesNotContain("P9:", card); // Sam is 15
    }

    [Fact]
    public async Task The_approval_outcome_card_shows_the_reason_only_for_a_rejection()
    {
        await using var w = await StartAsync();
        var cards = w.Bot.Get<SessionCards>();
        var approvedRequest = Group();
        var rejectedRequest = Group(start: Thursday4pm.AddDays(1));
        await w.Booking.BookAsync(approvedRequest, CancellationToken.None);
        await w.Booking.BookAsync(rejectedRequest, CancellationToken.None);
        await w.Booking.DecideAsync(approvedRequest.SessionId, Morgan, "Morgan Manager", true, null, CancellationToken.None);
        await w.Booking.DecideAsync(rejectedRequest.SessionId, Jordan, "Jordan Lead", false, "Clashes with exams", CancellationToken.None);

        var approved = Text(await cards.ApprovalOutcomeAsync(w.Session(approvedRequest.SessionId)!));
        var rejected = Text(await cards.ApprovalOutcomeAsync(w.Session(rejectedRequest.SessionId)!));

        Assert.Contains("Approved: group session", approved);
        Assert.DoesNotContain("Reason:", approved);
        Assert.Contains("The meeting is made", approved);
        Assert.Contains("Rejected: group session", rejected);
        Assert.Contains("Reason: Clashes with exams", rejected);
        Assert.Contains("Jordan Lead", rejected);
        Assert.Contains("no guardian was contacted", rejected);
    }

    [Theory]
    [InlineData(45, "45 minutes")]
    [InlineData(60, "1 hour")]
    [InlineData(90, "90 minutes")]
    [InlineData(120, "2 hours")]
    public void Lengths_read_naturally(int minutes, string text) => Assert.Equal(text, SessionCards.LengthText(minutes));
}
