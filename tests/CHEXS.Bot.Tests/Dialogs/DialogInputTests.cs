using Chexs.Bot.Dialogs.Engine;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Dialogs;

public class DialogInputTests
{
    [Fact]
    public void Typed_text_is_the_answer_with_the_bots_mention_removed()
    {
        // As Teams sends it in a channel: the mention is an entity, its text is in the message.
        var activity = Newtonsoft.Json.JsonConvert.DeserializeObject<Activity>("""
            {
              "type": "message",
              "text": "<at>CHEXS Bot</at> tomorrow 4pm",
              "recipient": { "id": "bot-id", "name": "CHEXS Bot" },
              "entities": [ { "type": "mention", "text": "<at>CHEXS Bot</at>", "mentioned": { "id": "bot-id", "name": "CHEXS Bot" } } ]
            }
            """)!;
        var input = DialogInput.From(activity);
        Assert.Equal("tomorrow 4pm", input.Answer);
        Assert.Null(input.Data);
    }

    [Fact]
    public void A_submit_without_text_answers_from_its_data()
    {
        var input = DialogInput.From(new Activity(ActivityTypes.Message) { Value = new JObject { ["answer"] = "yes", ["promptId"] = "p1" } });
        Assert.Equal("yes", input.Answer);
        Assert.Equal("p1", input.PromptId);
    }

    [Fact]
    public void Typed_text_wins_over_card_data()
    {
        var input = DialogInput.From(new Activity(ActivityTypes.Message) { Text = "Group", Value = new JObject { ["answer"] = "group" } });
        Assert.Equal("Group", input.Answer);
    }

    [Fact]
    public void An_action_execute_invoke_gives_its_data_and_verb()
    {
        var activity = new Activity(ActivityTypes.Invoke)
        {
            Name = "adaptiveCard/action",
            Value = new JObject { ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = "approve", ["data"] = new JObject { ["answer"] = "no" } } },
        };
        var input = DialogInput.From(activity);
        Assert.Equal("approve", input.Verb);
        Assert.Equal("no", input.Answer);
        Assert.Null(input.PromptId);
    }

    [Fact]
    public void Other_activities_carry_nothing()
    {
        Assert.Equal(DialogInput.None, DialogInput.From(new Activity(ActivityTypes.ConversationUpdate)));
        Assert.Null(DialogInput.From(new Activity(ActivityTypes.Invoke) { Name = "composeExtension/query" }).Answer);
    }

    [Fact]
    public void A_non_string_prompt_id_is_ignored()
    {
        var input = DialogInput.From(new Activity(ActivityTypes.Message) { Value = new JObject { ["promptId"] = 5, ["answer"] = 3 } });
        Assert.Null(input.PromptId);
        Assert.Equal("3", input.Answer);
    }
}
