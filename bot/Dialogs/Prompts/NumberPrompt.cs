using System.Globalization;
using Chexs.Bot.Dialogs.Engine;

namespace Chexs.Bot.Dialogs.Prompts;

public sealed class NumberPromptOptions : PromptOptions
{
    public int? Min { get; set; }
    public int? Max { get; set; }
}

/// <summary>Asks for a whole number ("3", "three"), optionally within <see cref="NumberPromptOptions.Min"/>–<see cref="NumberPromptOptions.Max"/>; ends with an <see cref="int"/>.</summary>
public sealed class NumberPrompt : Prompt<int, NumberPromptOptions>
{
    private static readonly string[] Words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    public NumberPrompt(string id, PromptValidator<int>? validator = null) : base(id, validator)
    {
    }

    protected override string FormatHelp => "Type a whole number, like 3.";

    protected override Recognition<int> Recognise(DialogContext dc, PromptState<NumberPromptOptions> state)
    {
        var answer = (dc.Input.Answer ?? "").Trim().ToLowerInvariant();
        int value;
        if (!int.TryParse(answer, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value))
        {
            value = Array.IndexOf(Words, answer);
            if (value < 0)
            {
                return Recognition<int>.Failure($"I couldn't read \"{dc.Input.Answer}\" as a whole number. Please type one, like 3.");
            }
        }
        var o = state.Options;
        if (value < o.Min || value > o.Max)
        {
            var range = (o.Min, o.Max) switch
            {
                ({ } min, { } max) => $"from {min} to {max}",
                ({ } min, null) => $"of at least {min}",
                (null, { } max) => $"of at most {max}",
                _ => "",
            };
            return Recognition<int>.Failure($"Please give a number {range}.");
        }
        return Recognition<int>.Success(value);
    }
}
