using System.Net;
using System.Net.Http.Headers;
using Chexs.Bot.Zoom;
using Polly.Timeout;

namespace Chexs.Bot.Tests.Zoom;

/// <summary>The pure parts: retry rules, Retry-After, passcodes, settings check, topic matching.</summary>
public sealed class ZoomRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    private static HttpResponseMessage Answer(HttpStatusCode status, RetryConditionHeaderValue? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.RetryAfter = retryAfter;
        return response;
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, false, true)]
    [InlineData(HttpStatusCode.InternalServerError, true, false)]
    [InlineData(HttpStatusCode.BadGateway, true, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, false, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true, true)]
    [InlineData(HttpStatusCode.TooManyRequests, false, true)]
    [InlineData(HttpStatusCode.BadRequest, false, false)]
    [InlineData(HttpStatusCode.NotFound, false, false)]
    [InlineData(HttpStatusCode.OK, false, false)]
    public void Which_answers_are_retried(HttpStatusCode status, bool unsafeCreate, bool retried) =>
        Assert.Equal(retried, ZoomResilience.ShouldRetry(unsafeCreate, Answer(status), null, Now, Max));

    [Fact]
    public void A_429_asking_for_longer_than_we_wait_is_not_retried()
    {
        Assert.True(ZoomResilience.ShouldRetry(false, Answer(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(60))), null, Now, Max));
        Assert.False(ZoomResilience.ShouldRetry(false, Answer(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(61))), null, Now, Max));
        Assert.False(ZoomResilience.ShouldRetry(true, Answer(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(Now.AddHours(6))), null, Now, Max));
    }

    [Fact]
    public void A_create_is_retried_after_an_exception_only_when_the_connection_never_opened()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");
        var dropped = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely");
        var timeout = new TimeoutRejectedException();

        Assert.True(ZoomResilience.ShouldRetry(true, null, refused, Now, Max));
        Assert.False(ZoomResilience.ShouldRetry(true, null, dropped, Now, Max));
        Assert.False(ZoomResilience.ShouldRetry(true, null, timeout, Now, Max));
        Assert.True(ZoomResilience.ShouldRetry(false, null, dropped, Now, Max));
        Assert.True(ZoomResilience.ShouldRetry(false, null, timeout, Now, Max));
        Assert.False(ZoomResilience.ShouldRetry(false, null, new InvalidOperationException(), Now, Max));
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_as_a_date_against_our_clock()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), ZoomResilience.RetryAfter(Answer(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7))), Now));
        Assert.Equal(TimeSpan.FromSeconds(30), ZoomResilience.RetryAfter(Answer(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(Now.AddSeconds(30))), Now));
        Assert.Equal(TimeSpan.Zero, ZoomResilience.RetryAfter(Answer(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(Now.AddSeconds(-30))), Now));
        Assert.Null(ZoomResilience.RetryAfter(Answer(HttpStatusCode.TooManyRequests), Now));
    }

    [Fact]
    public void Passcodes_are_at_most_ten_letters_and_digits_and_never_repeat()
    {
        var codes = Enumerable.Range(0, 500).Select(_ => ZoomPasscode.Generate()).ToList();
        Assert.All(codes, c =>
        {
            Assert.Matches("^[A-Za-z0-9]{10}$", c);
            Assert.Contains(c, ch => char.IsLower(ch));
            Assert.Contains(c, ch => char.IsUpper(ch));
            Assert.Contains(c, ch => char.IsDigit(ch));
        });
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => ZoomPasscode.Generate(11));
        Assert.Equal(6, ZoomPasscode.Generate(6).Length);
    }

    [Fact]
    public void The_settings_we_send_pass_our_own_check()
    {
        var body = SafeMeetingSettings.CreateBody(ZoomHarness.Request(), "Ab3defGhij");
        var echoed = new ZoomMeetingResponse { Id = 1, Password = body.Password, Settings = body.Settings };
        Assert.Empty(SafeMeetingSettings.Check(echoed));
        Assert.False(SafeMeetingSettings.IsIncomplete(echoed));
    }

    [Fact]
    public void A_meeting_without_passcode_or_settings_fails_every_rule()
    {
        var rules = SafeMeetingSettings.Check(new ZoomMeetingResponse { Id = 1 }).Select(v => v.RuleId).Distinct().OrderBy(r => r);
        Assert.Equal(new[] { "P13", "P5", "P6", "P7" }, rules);
    }

    [Theory]
    [InlineData("2026-03-29T00:30:00Z", "2026-03-29T00:30:00")] // before the clocks go forward (01:00 UTC)
    [InlineData("2026-03-29T01:30:00Z", "2026-03-29T02:30:00")] // after: BST
    [InlineData("2026-10-25T00:30:00Z", "2026-10-25T01:30:00")] // before the clocks go back (01:00 UTC)
    [InlineData("2026-10-25T01:30:00Z", "2026-10-25T01:30:00")] // after: GMT
    public void Start_times_are_sent_as_London_wall_clock_time(string utc, string local) =>
        Assert.Equal(local, SafeMeetingSettings.LocalStartTime(DateTimeOffset.Parse(utc), "Europe/London"));

    [Theory]
    [InlineData("CHEXS Growth Programme session S-7K3Q9", true)]
    [InlineData("S-7K3Q9 (rescheduled)", true)]
    [InlineData("CHEXS Growth Programme session S-7K3Q9X", false)]
    [InlineData("CHEXS Growth Programme session XS-7K3Q9", false)]
    [InlineData("CHEXS Growth Programme session S-7K3Q", false)]
    public void Orphans_are_matched_on_the_whole_session_id(string topic, bool matches) =>
        Assert.Equal(matches, ZoomIntentReconciler.TopicPattern("S-7K3Q9").IsMatch(topic));
}
