from django import template

from assistant.render import code_blocks, render

register = template.Library()


@register.filter
def chat_html(text):
    return render(text)


@register.filter
def block_count(text):
    return range(len(code_blocks(text)))
