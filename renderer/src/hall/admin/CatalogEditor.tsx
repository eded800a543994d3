/**
 * The business catalog as the hall sends it to every counter: the YAML text (the format of the
 * counters' resources/catalog.yaml), edited here or opened from a file, checked by the hall with
 * the counters' own parser — every problem with its line and column, a click away — and saved
 * as the next version. A save over someone else's newer version is refused, never merged blind.
 */
import { Alert, Button, List, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogDoc } from '../../../../base/contract/hallConfig';
import { call, errorOf } from '../client';
import { dateTime } from '../format';
import { errText, hallI18n } from '../i18n';
import { ConfigHistory } from './ConfigHistory';

interface Problem {
  line: number;
  column: number;
  path: string;
  reason_zh: string;
  reason_en: string;
}

function problemsOf(e: unknown): Problem[] {
  const shape = errorOf(e);
  const p = shape.detail?.problems;
  return shape.code === 'CATALOG_INVALID' && Array.isArray(p) ? (p as Problem[]) : [];
}

export function CatalogEditor() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<CatalogDoc | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [cursorLine, setCursorLine] = useState(1);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const file = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      const r = await call('catalog.get', {});
      setCurrent(r.current);
      setText(r.current?.yaml ?? r.bundled);
      setProblems([]);
      setMessage(null);
    } catch (e) {
      setMessage({ type: 'error', text: errText(e) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const refused = (e: unknown) => {
    setProblems(problemsOf(e));
    setMessage({ type: 'error', text: errText(e) });
  };
  const check = async () => {
    if (text === null) return;
    setMessage(null);
    try {
      const r = await call('catalog.check', { yaml: text });
      setProblems([]);
      setMessage({ type: 'success', text: t('catalog.ok', { n: r.businesses }) });
    } catch (e) {
      refused(e);
    }
  };
  const save = async () => {
    if (text === null) return;
    setMessage(null);
    try {
      const doc = await call('catalog.save', { yaml: text, baseVersion: current?.version ?? 0 });
      setCurrent(doc);
      setProblems([]);
      setMessage({ type: 'success', text: t('catalog.saved', { v: doc.version }) });
    } catch (e) {
      refused(e);
    }
  };
  /** Puts the cursor at the start of a line and scrolls it into view. */
  const goTo = (line: number, column = 1) => {
    const el = area.current;
    if (!el || text === null) return;
    const lines = text.split('\n');
    const offset = lines.slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0) + Math.max(0, column - 1);
    el.focus();
    el.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (line - 5) * lineHeight);
    setCursorLine(line);
  };
  const lineCount = (text ?? '').split('\n').length;
  const reason = (p: Problem) => (hallI18n.language === 'en' ? p.reason_en : p.reason_zh);
  return (
    <div data-testid="hall-admin-catalog">
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text type="secondary" data-testid="hall-catalog-version">
          {current ? t('catalog.current', { v: current.version, by: current.by, at: dateTime(current.at) }) : t('catalog.none')}
        </Typography.Text>
      </Space>
      <div className="hall-editor">
        <div className="hall-editor-gutter" ref={gutter} aria-hidden>
          {Array.from({ length: lineCount }, (_v, i) => (
            <div key={i} className={problems.some((p) => p.line === i + 1) ? 'bad' : undefined}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={area}
          className="hall-editor-text"
          spellCheck={false}
          wrap="off"
          value={text ?? ''}
          disabled={text === null}
          aria-label={t('catalog.title')}
          data-testid="hall-catalog-text"
          onChange={(e) => setText(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          onKeyUp={(e) => setCursorLine(e.currentTarget.value.slice(0, e.currentTarget.selectionStart).split('\n').length)}
          onClick={(e) => setCursorLine(e.currentTarget.value.slice(0, e.currentTarget.selectionStart).split('\n').length)}
        />
      </div>
      <Space style={{ marginTop: 8 }} wrap>
        <Button onClick={() => void check()} data-testid="hall-catalog-check">
          {t('catalog.check')}
        </Button>
        <Button type="primary" onClick={() => void save()} data-testid="hall-catalog-save">
          {t('catalog.save', { v: (current?.version ?? 0) + 1 })}
        </Button>
        <Button onClick={() => file.current?.click()}>{t('catalog.upload')}</Button>
        <input
          ref={file}
          type="file"
          accept=".yaml,.yml,text/yaml"
          style={{ display: 'none' }}
          data-testid="hall-catalog-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void f.text().then((x) => { setText(x); setProblems([]); setMessage(null); });
            e.target.value = '';
          }}
        />
        <Button type="link" onClick={() => void load()}>
          {t('catalog.reload')}
        </Button>
        <Typography.Text type="secondary">{t('catalog.cursor', { line: cursorLine })}</Typography.Text>
      </Space>
      {message && <Alert type={message.type} showIcon title={message.text} style={{ marginTop: 8 }} data-testid="hall-catalog-message" />}
      {problems.length > 0 && (
        <List
          size="small"
          bordered
          style={{ marginTop: 8 }}
          header={t('catalog.problems', { n: problems.length })}
          dataSource={problems}
          data-testid="hall-catalog-problems"
          renderItem={(p) => (
            <List.Item>
              <div>
                <Button type="link" size="small" onClick={() => goTo(p.line, p.column)} style={{ padding: 0 }}>
                  {t('catalog.line', { line: p.line, col: p.column })}
                </Button>
                {p.path && <Typography.Text code style={{ marginInline: 8 }}>{p.path}</Typography.Text>}
                <Typography.Text style={{ marginInlineStart: p.path ? 0 : 8 }}>{reason(p)}</Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      <ConfigHistory kind="catalog" />
    </div>
  );
}
