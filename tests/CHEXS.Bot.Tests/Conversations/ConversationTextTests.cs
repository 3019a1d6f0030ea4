using Chexs.Bot.Dialogs.Conversations;

namespace Chexs.Bot.Tests.Conversations;

/// <summary>The pure text helpers of the conversations: command words, reschedule lines, name lists (finding texts: PolicyFindingTests).</summary>
public class ConversationTextTests
{
    [Theory]
    [InlineData("help", "help", "")]
    [InlineData("Help!", "help", "")]
    [InlineData("?", "help", "")]
    [InlineData("book session growth with Sam tomorrow 4pm", "book session", "growth with Sam tomorrow 4pm")]
    [InlineData("Book a session with Sam", "book session", "with Sam")]
    [InlineData("book", "book session", "")]
    [InlineData("my sessions", "my sessions", "")]
    [InlineData("cancel session S-7K3Q9", "cancel session", "S-7K3Q9")]
    [InlineData("reschedule session s-7k3q9 to Fri 5pm", "reschedule session", "s-7k3q9 to Fri 5pm")]
    [InlineData("move session", "reschedule session", "")]
    [InlineData("record consent", "record consent", "")]
    [InlineData("withdraw consent.", "withdraw consent", "")]
    [InlineData("policy", "policy", "")]
    // Read as a whole line now, so these are understood (they used to be refused as not starting with a command):
    [InlineData("my sessions please now", "my sessions", "now")]
    [InlineData("policy for zoom", "policy", "for zoom")]
    public void Commands_are_read_with_what_follows_them(string text, string name, string rest)
    {
        Assert.Equal(new TypedCommand(name, rest), TypedCommand.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("book me a unicorn")]
    [InlineData("helpme")]
    public void Anything_else_is_not_a_command(string text)
    {
        Assert.Null(TypedCommand.Parse(text));
    }

    [Theory]
    [InlineData("S-7K3Q9 to tomorrow 5pm", "S-7K3Q9", "tomorrow 5pm")]
    [InlineData("7k3q9", "7k3q9", null)]
    [InlineData("to Tue 4pm", null, "Tue 4pm")]
    [InlineData("Tue 4pm", null, "Tue 4pm")]
    [InlineData("", null, null)]
    public void A_reschedule_line_splits_into_reference_and_new_time(string line, string? reference, string? when)
    {
        Assert.Equal((reference, when), RescheduleSessionDialog.SplitLine(line));
    }

    [Theory]
    [InlineData("Sam Patel and Ava, Lily", new[] { "Sam Patel", "Ava", "Lily" })]
    [InlineData("Sam & Sami", new[] { "Sam", "Sami" })]
    [InlineData("Alexandra Andrews", new[] { "Alexandra Andrews" })]
    public void Typed_names_split_on_and_commas_and_ampersands(string typed, string[] names)
    {
        Assert.Equal(names, PupilPicker.SplitNames(typed));
    }
}
