using Chexs.Bot.Invitations;
using Chexs.Bot.Records;

namespace Chexs.Bot.Tests.Graph;

public sealed class InvitationComposerTests : IDisposable
{
    private readonly GraphTestKit _kit = new();
    private InvitationComposer Composer => new(_kit.SafeguardingSettings);

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void The_invitation_goes_to_that_guardian_only_and_carries_every_required_line()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);

        var email = Composer.Compose(session, pupil, mum, InvitationKind.Invitation);
        var text = email.TextBody;

        Assert.Equal(mum.Email, email.ToAddress);
        Assert.Equal("Priya Patel", email.ToName);
        Assert.Contains("Growth Programme", email.Subject);
        Assert.Contains("Growth Programme", text);                                                     // P1
        Assert.Contains("When: Thursday 3 December 2026, 4:00pm to 4:45pm (UK time)", text);
        Assert.Contains("Join link: " + GraphTestKit.JoinUrl, text);
        Assert.Contains("Passcode: " + GraphTestKit.Passcode, text);
        Assert.Contains("never to pupils directly", text);                                             // P3
        Assert.Contains("quiet space where they can be supervised by an adult", text);                 // P11
        Assert.Contains("No Zoom account is needed", text);                                            // P13
        Assert.Contains("just an internet connection and a computer, phone or tablet", text);          // P11
        Assert.Contains("Zoom's terms of service: http://zoom.us/terms", text);                       // P12
        Assert.Contains("Zoom's privacy statement: http://zoom.us/privacy", text);                    // P12
        Assert.Contains("contact Morgan Manager at CHEXS by email at safeguarding@chexs.example or by phone on 020 7946 0000", text); // P14
        Assert.Contains("Session reference: S-7K3Q9", text);
        Assert.Contains("records all Zoom sessions", text);                                            // P5

        // The HTML part says the same, with real links.
        Assert.Contains("<a href=\"http://zoom.us/terms\">", email.HtmlBody);
        Assert.Contains("<a href=\"https://zoom.us/j/81234567890?pwd=SeCrEtJoInToKeN\">", email.HtmlBody);
        Assert.Contains("Passcode: k7Q2pX", email.HtmlBody);
    }

    [Theory]
    [InlineData("2012-12-04", true)]  // 13 on 3 Dec 2026 (14 tomorrow): the adult-present line
    [InlineData("2012-12-03", false)] // 14 on the session date itself: no line
    [InlineData("2010-01-01", false)] // 16
    public void The_under_14_line_appears_only_when_the_pupil_is_under_14_on_the_session_date(string dateOfBirth, bool expected)
    {
        var (pupil, mum, _) = _kit.SeedFamily(DateOnly.Parse(dateOfBirth));
        var session = _kit.SeedSession(pupil.Id);

        var text = Composer.Compose(session, pupil, mum, InvitationKind.Invitation).TextBody;

        Assert.Equal(expected, text.Contains("Because Sam is under 14, an adult must be present or close by for the whole session."));
        // P11 applies to everyone regardless of age.
        Assert.Contains("supervised by an adult", text);
    }

    [Fact]
    public void Age_is_judged_on_the_session_date_in_London_not_in_UTC()
    {
        // 00:30 BST on 15 June 2027 is 23:30 UTC on 14 June: in London it is Sam's 14th birthday.
        var (pupil, mum, _) = _kit.SeedFamily(new DateOnly(2013, 6, 15));
        var session = _kit.SeedSession(pupil.Id);
        session.Start = new DateTimeOffset(2027, 6, 14, 23, 30, 0, TimeSpan.Zero);

        var email = Composer.Compose(session, pupil, mum, InvitationKind.Invitation);

        Assert.DoesNotContain("under 14", email.TextBody);
        Assert.Contains("When: Tuesday 15 June 2027, 12:30am to 1:15am (UK time)", email.TextBody);
    }

    [Fact]
    public void Summer_times_are_written_in_British_Summer_Time()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        session.Start = new DateTimeOffset(2027, 7, 1, 11, 0, 0, TimeSpan.Zero); // 12:00 BST

        Assert.Contains("When: Thursday 1 July 2027, 12:00pm to 12:45pm (UK time)", Composer.Compose(session, pupil, mum, InvitationKind.Invitation).TextBody);
    }

    [Fact]
    public void A_guardian_not_linked_both_ways_cannot_be_addressed()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        var stranger = new Guardian { Id = "stranger@example.org", Name = "Stranger", Email = "stranger@example.org", PupilIds = [pupil.Id] };
        var oneWay = new Guardian { Id = mum.Id, Name = mum.Name, Email = mum.Email, PupilIds = [] };

        Assert.Throws<InvalidRecipientException>(() => Composer.Compose(session, pupil, stranger, InvitationKind.Invitation));
        Assert.Throws<InvalidRecipientException>(() => Composer.Compose(session, pupil, oneWay, InvitationKind.Invitation));
    }

    [Theory]
    [InlineData("priya@example.org", true)]
    [InlineData("  priya@example.org ", true)]
    [InlineData("priya.patel+chexs@mail.example.co.uk", true)]
    [InlineData("", false)]
    [InlineData("priya", false)]
    [InlineData("priya@localhost", false)]
    [InlineData("priya@example.org, pupil@example.org", false)]
    [InlineData("priya@example.org;pupil@example.org", false)]
    [InlineData("Priya <priya@example.org>", false)]
    [InlineData("priya@@example.org", false)]
    [InlineData("undisclosed:;", false)]
    public void Only_a_single_plain_mailbox_is_an_address(string email, bool ok) =>
        Assert.Equal(ok, GuardianRecipients.IsSingleMailbox(email));

    [Fact]
    public void A_reschedule_gives_the_old_and_new_times_and_says_whether_the_link_changed()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        var before = _kit.SeedSession(pupil.Id);
        var after = _kit.SeedSession(pupil.Id);
        after.Start = before.Start.AddDays(7);

        var same = Composer.Compose(after, pupil, mum, InvitationKind.Rescheduled, before).TextBody;
        Assert.Contains("It was: Thursday 3 December 2026, 4:00pm to 4:45pm (UK time)", same);
        Assert.Contains("It is now: Thursday 10 December 2026, 4:00pm to 4:45pm (UK time)", same);
        Assert.Contains("have not changed", same);
        Assert.Contains("Passcode: " + GraphTestKit.Passcode, same);
        Assert.Contains("http://zoom.us/privacy", same);

        after.Meeting = new ZoomMeetingRecord { MeetingId = 85555555555, JoinUrl = "https://zoom.us/j/85555555555?pwd=NeW", Passcode = "n3wP4s" };
        var changed = Composer.Compose(after, pupil, mum, InvitationKind.Rescheduled, before).TextBody;
        Assert.Contains("they replace any we sent before", changed);
        Assert.Contains("https://zoom.us/j/85555555555?pwd=NeW", changed);
        Assert.DoesNotContain(GraphTestKit.JoinUrl, changed);
    }

    [Fact]
    public void A_cancellation_carries_no_join_details()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        session.Cancel("cancelled for the test");

        var email = Composer.Compose(session, pupil, mum, InvitationKind.Cancelled);

        Assert.StartsWith("Cancelled:", email.Subject);
        Assert.Contains("Thursday 3 December 2026, 4:00pm to 4:45pm (UK time) has been cancelled", email.TextBody);
        Assert.DoesNotContain(GraphTestKit.JoinUrl, email.TextBody + email.HtmlBody);
        Assert.DoesNotContain(GraphTestKit.Passcode, email.TextBody + email.HtmlBody);
        Assert.Contains("contact Morgan Manager", email.TextBody);
    }

    [Fact]
    public void Without_a_concerns_contact_no_invitation_can_be_written()
    {
        var (pupil, mum, _) = _kit.SeedFamily();
        var session = _kit.SeedSession(pupil.Id);
        _kit.Safeguarding.ConcernsContactName = "";

        var e = Assert.Throws<InvalidOperationException>(() => Composer.Compose(session, pupil, mum, InvitationKind.Invitation));
        Assert.Contains("P14", e.Message);
    }
}
