using Chexs.Bot.Cards;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Tests.Cards;

/// <summary>
/// What our binder does beyond the official engine: it refuses what it does not support, and it
/// fails loudly (naming the field and where) instead of putting "${...}" or junk into a card.
/// Agreement with the official engine is in <see cref="TemplateParityTests"/>.
/// </summary>
public sealed class TemplateBinderTests
{
    private static JToken Json(string json) => CardSamples.Parse(json);

    private static TemplateBindingException BindError(string template, string data = "{}") =>
        Assert.Throws<TemplateBindingException>(() => TemplateBinder.Expand(Json(template), Json(data)));

    [Theory]
    [InlineData("${a + b}", "'+'")]
    [InlineData("${a ? b : c}", "'?'")]
    [InlineData("${a ?? b}", "'?'")]
    [InlineData("${a <> b}", "'<>' is not supported; use !=")]
    [InlineData("${toUpper(name)}", "'toUpper' is not supported")]
    [InlineData("${join(items, ', ')}", "'join' is not supported")]
    [InlineData("${{a: 1}}", "object literals")]
    [InlineData("${[1, 2]}", "'[' is not supported")]
    [InlineData("${count(a, b)}", "count() takes 1 argument(s), not 2")]
    [InlineData("${if(a, b)}", "if() takes 3 argument(s), not 2")]
    [InlineData("${a.b(1)}", "only built-in functions can be called")]
    [InlineData("${items[i]}", "an index must be a whole number or a quoted name")]
    [InlineData("${$host.x}", "'$host' is not supported")]
    [InlineData("${undefined}", "'undefined' is not supported")]
    [InlineData("${name", "without a closing")]
    [InlineData("${}", "empty")]
    [InlineData("a `tick` ${name}", "backquote")]
    [InlineData("${'unterminated}", "without a closing")]
    public void Unsupported_syntax_is_refused_when_the_template_is_compiled(string text, string reason)
    {
        var template = new JObject { ["body"] = new JArray(new JObject { ["text"] = text }) };

        var e = Assert.Throws<TemplateBindingException>(() => TemplateBinder.Compile(template, "sample"));

        Assert.Contains(reason, e.Message);
        Assert.Contains("Card template 'sample' at $.body[0].text", e.Message);
    }

    [Fact]
    public void Data_and_when_must_be_expressions()
    {
        Assert.Contains("\"$data\" must be", BindError("""{ "a": { "$data": [1, 2], "x": 1 } }""").Message);
        Assert.Contains("\"$when\" must be", BindError("""{ "a": { "$when": true, "x": 1 } }""").Message);
        Assert.Contains("\"$when\" must be", BindError("""{ "a": { "$when": "yes", "x": 1 } }""").Message);
    }

    [Fact]
    public void A_missing_field_is_an_error_that_names_it_and_where_it_is_needed()
    {
        var e = BindError("""{ "body": [ { "text": "Hello ${person.name}" } ] }""", """{ "person": {} }""");

        Assert.Contains("'person.name'", e.Message);
        Assert.Contains("$.body[0].text", e.Message);
        Assert.Contains("$when", e.Message);
    }

    [Fact]
    public void A_missing_field_inside_a_repeated_element_names_the_element()
    {
        var e = BindError("""{ "body": [ { "$data": "${items}", "text": "${name}" } ] }""", """{ "items": [{ "name": "a" }, {}] }""");

        Assert.Contains("'name'", e.Message);
        Assert.Contains("$.body[0].text", e.Message);
    }

    [Fact]
    public void A_missing_list_for_data_is_an_error_not_a_silent_omission()
    {
        Assert.Contains("'participants'", BindError("""{ "body": [ { "$data": "${participants}", "text": "x" } ] }""").Message);
    }

    [Fact]
    public void A_guarded_optional_field_may_be_missing()
    {
        var template = Json("""{ "body": [ { "$when": "${not(empty(passcode))}", "text": "Passcode ${passcode}" }, { "text": "always" } ] }""");

        var without = TemplateBinder.Expand(template, Json("{}"));
        var with = TemplateBinder.Expand(template, Json("""{ "passcode": "123" }"""));

        Assert.Equal(["always"], without["body"]!.Select(b => (string)b["text"]!));
        Assert.Equal(["Passcode 123", "always"], with["body"]!.Select(b => (string)b["text"]!));
    }

    [Fact]
    public void Null_or_a_list_cannot_be_written_into_text()
    {
        Assert.Contains("is null", BindError("""{ "t": "Hi ${name}" }""", """{ "name": null }""").Message);
        Assert.Contains("is a list or an object", BindError("""{ "t": "Hi ${names}" }""", """{ "names": ["a"] }""").Message);
        Assert.Contains("is a list or an object", BindError("""{ "t": "Hi ${person}" }""", """{ "person": { "a": 1 } }""").Message);
    }

    [Fact]
    public void An_evaluation_error_outside_when_is_an_error()
    {
        Assert.Contains("must be a string, list, map or object", BindError("""{ "n": "${count(n)}" }""", """{ "n": 5 }""").Message);
        Assert.Contains("must be comparable", BindError("""{ "b": "${s > 1}" }""", """{ "s": "x" }""").Message);
    }

    [Fact]
    public void An_index_out_of_range_or_into_text_is_an_error()
    {
        Assert.Contains("out of range", BindError("""{ "v": "${items[5]}" }""", """{ "items": [1] }""").Message);
        Assert.Contains("not a collection", BindError("""{ "v": "${word[0]}" }""", """{ "word": "abc" }""").Message);
    }

    [Fact]
    public void A_lone_concat_of_lists_is_refused_rather_than_written_as_text()
    {
        // The official engine would write "11" here.
        Assert.Contains("is a list or an object", BindError("""{ "v": "${concat(list, list)}" }""", """{ "list": [1] }""").Message);
    }

    [Fact]
    public void An_evaluation_error_inside_when_drops_the_element_as_the_official_engine_does()
    {
        var card = TemplateBinder.Expand(Json("""{ "body": [ { "$when": "${s > 1}", "k": 1 }, { "k": 2 } ] }"""), Json("""{ "s": "x" }"""));

        Assert.Equal([2], card["body"]!.Select(b => (int)b["k"]!));
    }

    [Fact]
    public void Leave_expression_mode_writes_the_missing_path_like_the_official_engine()
    {
        var card = TemplateBinder.Expand(Json("""{ "t": "Hi ${who.name}" }"""), Json("{}"), MissingField.LeaveExpression);

        Assert.Equal("Hi ${who.name}", (string)card["t"]!);
    }

    [Fact]
    public void Data_values_are_never_expanded_again()
    {
        // A pupil's name or a guardian's note that happens to contain "${...}" stays exactly as given.
        var card = TemplateBinder.Expand(Json("""{ "a": "${name}", "b": "Name: ${name}" }"""), Json("""{ "name": "${secret}" }"""));

        Assert.Equal("${secret}", (string)card["a"]!);
        Assert.Equal("Name: ${secret}", (string)card["b"]!);
    }

    [Fact]
    public void Expanding_does_not_change_the_template_or_the_data()
    {
        var template = Json("""{ "body": [ { "$data": "${items}", "text": "${name}" } ] }""");
        var data = Json("""{ "items": [{ "name": "a" }] }""");
        var compiled = TemplateBinder.Compile(template);
        var templateBefore = template.ToString();
        var dataBefore = data.ToString();

        var first = compiled.Expand(data);
        ((JObject)first["body"]![0]!)["text"] = "changed";
        var second = compiled.Expand(data);

        Assert.Equal("a", (string)second["body"]![0]!["text"]!);
        Assert.Equal(templateBefore, template.ToString());
        Assert.Equal(dataBefore, data.ToString());
    }
}
