using Chexs.Bot.Cards;

namespace Chexs.Bot.Tests.Cards;

/// <summary>
/// Small templates that pin down the templating semantics our binder implements. Each is expanded by
/// the official engine and by ours (<see cref="TemplateParityTests"/>), so this list is also the
/// specification of the supported subset.
/// </summary>
internal static class TemplatingCorpus
{
    public static IReadOnlyDictionary<string, (string Template, string Data, MissingField Missing)> Cases { get; } =
        new Dictionary<string, (string, string, MissingField)>
        {
            ["plain-text-and-types"] = (
                """{ "a": "no expression", "n": 3, "f": 1.5, "b": true, "z": null, "$schema": "kept" }""",
                """{}""", MissingField.Throw),

            ["lone-expression-keeps-its-type"] = (
                """{ "n": "${n}", "f": "${f}", "b": "${flag}", "list": "${items}", "obj": "${person}", "nul": "${nothing}", "count": "${count(items)}", "not": "${!flag}" }""",
                """{ "n": 3, "f": 1.5, "flag": true, "items": [1, "two", { "x": 3 }], "person": { "name": "Sam" }, "nothing": null }""", MissingField.Throw),

            ["text-around-expressions-is-text"] = (
                """{ "t": "n=${n}, f=${f}, b=${flag}, s=${s}", "two": "${s}${s}", "space": "${n} ", "big": "${big}!" }""",
                """{ "n": 3, "f": 1.5, "flag": false, "s": "x", "big": 1234567890123 }""", MissingField.Throw),

            ["a-lone-literal-is-text"] = (
                """{ "t": "${true}", "n": "${5}", "s": "${'x'}", "paren": "${(2)}" }""",
                """{}""", MissingField.Throw),

            ["names-match-case-insensitively"] = (
                """{ "a": "${NAME}", "b": "${Person.FirstName}", "c": "${$ROOT.name}" }""",
                """{ "name": "Sam", "person": { "firstName": "Jo" } }""", MissingField.Throw),

            ["paths-with-indexes"] = (
                """{ "a": "${items[1].name}", "b": "${person['name']}", "c": "${items[0]['name']}", "d": "${word['1']}", "e": "${items[1]}", "f": "${nested[1][0]}", "g": "${person['NAME']}", "h": "${items[0].name}" }""",
                """{ "items": [{ "name": "first" }, { "name": "second" }], "person": { "name": "Sam" }, "word": "abc", "nested": [[1], [2, 3]] }""", MissingField.Throw),

            ["data-repeats-with-index-and-root"] = (
                """{ "body": [ { "type": "T", "$data": "${items}", "text": "${$index}: ${name} of ${$root.title}", "self": "${$data.name}" } ] }""",
                """{ "title": "List", "items": [{ "name": "a" }, { "name": "b" }, { "name": "c" }] }""", MissingField.Throw),

            ["data-binds-a-single-object"] = (
                """{ "card": { "$data": "${person}", "text": "${name}", "inner": { "deep": "${address.town}" } } }""",
                """{ "person": { "name": "Sam", "address": { "town": "Leeds" } } }""", MissingField.Throw),

            ["data-over-strings-and-numbers"] = (
                """{ "a": [ { "$data": "${names}", "text": "${$data}" } ], "b": [ { "$data": "${numbers}", "n": "${$data}", "i": "${$index}" } ] }""",
                """{ "names": ["x", "y"], "numbers": [10, 20, 30] }""", MissingField.Throw),

            ["empty-list-removes-the-element"] = (
                """{ "body": [ { "$data": "${none}", "x": 1 }, { "y": 2 } ], "prop": { "$data": "${none}", "x": 1 } }""",
                """{ "none": [] }""", MissingField.Throw),

            ["one-item-list-in-a-property-is-an-object"] = (
                """{ "one": { "$data": "${one}", "v": "${v}" }, "two": { "$data": "${two}", "v": "${v}" } }""",
                """{ "one": [{ "v": 1 }], "two": [{ "v": 1 }, { "v": 2 }] }""", MissingField.Throw),

            ["nested-data-restores-the-outer-scope"] = (
                """{ "groups": [ { "$data": "${groups}", "name": "${name}", "members": [ { "$data": "${members}", "m": "${$index}:${who} in ${$root.org}" } ], "after": "${$index} ${name}" } ] }""",
                """{ "org": "CHEXS", "groups": [ { "name": "g1", "members": [{ "who": "a" }, { "who": "b" }] }, { "name": "g2", "members": [{ "who": "c" }] } ] }""", MissingField.Throw),

            ["when-keeps-only-the-boolean-true"] = (
                """{ "body": [ { "$when": "${yes}", "k": "true" }, { "$when": "${no}", "k": "false" }, { "$when": "${text}", "k": "string" }, { "$when": "${one}", "k": "number" }, { "$when": "${missing}", "k": "missing" }, { "$when": "${nothing}", "k": "null" }, { "$when": "${true}", "k": "literal true is text" }, { "$when": "x ${yes}", "k": "text" } ] }""",
                """{ "yes": true, "no": false, "text": "yes", "one": 1, "nothing": null }""", MissingField.Throw),

            ["when-logic"] = (
                """{ "body": [ { "$when": "${!missing}", "k": "not missing" }, { "$when": "${!yes}", "k": "not yes" }, { "$when": "${yes && one > 0}", "k": "and" }, { "$when": "${no || yes}", "k": "or" }, { "$when": "${not(and(yes, no))}", "k": "not and" }, { "$when": "${or(no, missing, yes)}", "k": "or fn" }, { "$when": "${and(yes, missing)}", "k": "and missing" }, { "$when": "${!(yes || no) || (yes && !no)}", "k": "nested" }, { "$when": "${!zero}", "k": "zero is true" }, { "$when": "${!empty}", "k": "empty string is true" } ] }""",
                """{ "yes": true, "no": false, "one": 1, "zero": 0, "empty": "" }""", MissingField.Throw),

            ["comparisons"] = (
                """{ "body": [ { "$when": "${n == 2}", "k": "==" }, { "$when": "${n != 3}", "k": "!=" }, { "$when": "${equals(s, 'b')}", "k": "equals" }, { "$when": "${n == '2'}", "k": "number vs text" }, { "$when": "${missing == null}", "k": "missing == null" }, { "$when": "${nothing == missing}", "k": "null == missing" }, { "$when": "${list == other}", "k": "lists" }, { "$when": "${obj == same}", "k": "objects" }, { "$when": "${s < 'c'}", "k": "<" }, { "$when": "${n <= 2}", "k": "<=" }, { "$when": "${n > 1.5}", "k": ">" }, { "$when": "${n >= 3}", "k": ">=" }, { "$when": "${greater(n, 1)}", "k": "greater" }, { "$when": "${lessOrEquals(n, 1)}", "k": "lessOrEquals" }, { "$when": "${missing > 1}", "k": "missing > 1" }, { "$when": "${s > 1}", "k": "text > number" }, { "$when": "${f == 2}", "k": "2.0 == 2" } ] }""",
                """{ "n": 2, "f": 2.0, "s": "b", "nothing": null, "list": [1, 2], "other": [1, 2], "obj": { "a": 1 }, "same": { "a": 1 } }""", MissingField.Throw),

            ["precedence"] = (
                """{ "a": "${!yes == no}", "b": "${yes || no && no}", "c": "${n == 2 && n < 3}", "d": "${(yes || no) && no}", "e": "${no && no || yes}", "f": "${!no && yes}" }""",
                """{ "yes": true, "no": false, "n": 2 }""", MissingField.Throw),

            ["empty-exists-count"] = (
                """{ "e": ["${empty(list)}", "${empty(none)}", "${empty('')}", "${empty(s)}", "${empty(missing)}", "${empty(obj)}", "${empty(eobj)}", "${empty(n)}"], "x": ["${exists(s)}", "${exists(missing)}", "${exists(nothing)}", "${exists(zero)}"], "c": ["${count(list)}", "${count(s)}", "${count(obj)}", "${count(none)}"], "w": [ { "$when": "${count(list) > 1}", "k": "count in when" }, { "$when": "${count(missing) > 1}", "k": "count of missing" } ] }""",
                """{ "list": [1, 2], "none": [], "s": "abc", "obj": { "a": 1 }, "eobj": {}, "n": 5, "nothing": null, "zero": 0 }""", MissingField.Throw),

            ["if-and-concat"] = (
                """{ "a": "${if(yes, 'on', 'off')}", "b": "${if(no, 'on', 'off')}", "c": "${if(missing, 'on', 'off')}", "d": "${if(zero, 'zero is true', 'no')}", "e": "${if(yes, n, s)}", "f": "state: ${if(yes, 'on', 'off')}.", "g": "${if(n == 1, 'one', if(n == 2, 'two', 'many'))}", "h": "${concat('a', s, 'b')}", "i": "${count(concat(list, list))}", "j": "${concat(s, n)}", "k": "${concat(s)}", "l": "${if(yes, list, none)}", "m": "${concat(s, '-', n, '-', yes)}", "n": "${if(yes, concat(list, none), none)}", "o": "<${concat(s, 'y')}>" }""",
                """{ "yes": true, "no": false, "zero": 0, "n": 2, "s": "x", "list": [1], "none": [] }""", MissingField.Throw),

            ["strings-and-escapes"] = (
                """{ "a": "${'it\\'s'} here", "b": "${\"double\"} quotes", "c": "\\${name} stays literal", "d": "price: $5 and {braces} ${name}", "e": "${concat('a}b', name)}", "f": "tab\\there ${name}", "g": "${'x\\ty'}", "h": "unicode ✓ ${name} — ok" }""",
                """{ "name": "Sam" }""", MissingField.Throw),

            ["nulls-and-nesting-in-arrays"] = (
                """{ "a": [null, 1, "${nothing}", "x"], "b": [[1, 2], [3, [4]]], "c": [ { "$when": "${no}", "k": 1 }, "${list}", 5 ], "d": { "$when": "${no}", "k": 1 }, "e": [] }""",
                """{ "nothing": null, "no": false, "list": [7, 8] }""", MissingField.Throw),

            ["reserved-names-are-not-copied"] = (
                """{ "$root": "x", "$index": 1, "$host": 2, "$data": "${obj}", "$when": "${true == true}", "keep": "${a}", "$schema": "kept", "$other": "kept too" }""",
                """{ "obj": { "a": 1 } }""", MissingField.Throw),

            ["whitespace-inside-expressions"] = (
                """{ "a": "${ name }", "b": "${  if( yes ,  'y' , 'n' )  }", "c": [ { "$data": "${ list }", "v": "${ $data }" } ] }""",
                """{ "name": "Sam", "yes": true, "list": [1, 2] }""", MissingField.Throw),

            ["missing-fields-show-their-expression"] = (
                """{ "a": "${missing}", "b": "Hello ${missing}!", "c": "${missing.deep}", "d": "${person.missing}", "e": "${count(missing)}", "f": "${if(yes, missing, 'n')}", "g": "${list[0]}", "h": "${list.length}", "i": "${$root.gone}", "j": "${concat('x', missing)}", "k": [ { "$data": "${missing}", "v": "${$data}" } ] }""",
                """{ "person": {}, "yes": true, "items": [1], "list": [1, 2] }""", MissingField.LeaveExpression),
        };
}
