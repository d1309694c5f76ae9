/**
 * The one markdown renderer of the summary document: `plan-summary.md` and the pull-request comment are
 * both written here, so they cannot drift apart. Parts and blocks are separated by one blank line; the
 * document ends with one newline.
 */
import type { Block, ListItem, SummaryDocument, SummaryPart } from './model';

/** Escapes what would break a markdown table cell: a pipe would start a new cell, a newline a new row. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** One table row; an empty cell is `| |`, as GitHub's own tables write it. */
export function tableRow(cells: readonly string[]): string {
  return `|${cells.map((cell) => (cell === '' ? ' ' : ` ${tableCell(cell)} `)).join('|')}|`;
}

function listItem(item: ListItem): string {
  if (typeof item === 'string') return `- ${item}`;
  return [`- ${item.text}`, ...item.subItems.map((sub) => `  - ${sub}`)].join('\n');
}

export function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `### ${block.text}`;
    case 'code':
      return `\`\`\`${block.language}\n${block.text}\n\`\`\``;
    case 'table': {
      const separator = block.header.map((_, i) => (block.align?.[i] === 'right' ? '---:' : '---'));
      return [tableRow(block.header), `| ${separator.join(' | ')} |`, ...block.rows.map(tableRow)].join('\n');
    }
    case 'list': {
      const items = block.items.map(listItem).join('\n');
      if (block.title === undefined) return items;
      return block.collapsed ? `<details><summary>${block.title}</summary>\n\n${items}\n\n</details>` : `**${block.title}**\n\n${items}`;
    }
  }
}

/** A part: its heading (`#` or `##`), then its blocks; '' for an untitled part without blocks. */
export function renderPart(part: SummaryPart): string {
  const heading = part.title === undefined ? [] : [`${'#'.repeat(part.level ?? 2)} ${part.title}`];
  return [...heading, ...part.blocks.map(renderBlock)].join('\n\n');
}

export function renderMarkdown(document: SummaryDocument): string {
  const parts = document.parts.map(renderPart).filter((text) => text !== '');
  return `${parts.join('\n\n')}\n`;
}
