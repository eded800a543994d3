import { Button, Checkbox, Typography } from 'antd';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { typingIn, useKeys } from '../../components/useKeys';
import { yuan } from '../../format';
import { usePick } from '../lang';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

/** ② What does the customer need? Digits 1–9 toggle a business, Enter goes on. */
export function NeedStep({ act, busy, catalog, journey }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  // A journey started from a hall ticket starts with the ticket's business chosen.
  const [chosen, setChosen] = useState<string[]>(() => (journey.queue ? [journey.queue.businessCode] : []));
  const [problem, setProblem] = useState(false);
  const list = catalog?.businesses ?? [];
  const submit = () => {
    if (chosen.length === 0) setProblem(true);
    else void act({ type: 'chooseBusinesses', codes: chosen });
  };
  useKeys((e) => {
    if (typingIn(e)) return;
    const n = Number(e.key);
    if (n >= 1 && n <= list.length) {
      const code = list[n - 1]!.code;
      // Drawn at once: an Enter right behind the digit already sees the choice.
      flushSync(() => {
        setProblem(false);
        setChosen((c) => (c.includes(code) ? c.filter((x) => x !== code) : [...c, code]));
      });
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      submit();
    }
  });
  return (
    <StepLayout
      actions={
        <>
          <Button type="primary" size="large" loading={busy} onClick={submit} className="primary-action" data-testid="need-submit">
            {t('j.nextEnter')}
          </Button>
          {problem && <Typography.Text type="danger" data-testid="need-problem">{t('j.chooseOne')}</Typography.Text>}
        </>
      }
    >
      <Typography.Paragraph className="step-question">{t('j.needQuestion')}</Typography.Paragraph>
      <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])} className="need-grid">
        {list.map((b, i) => (
          <Checkbox key={b.code} value={b.code} data-testid={`need-${b.code}`} className="big-choice">
            <Typography.Text keyboard>{i + 1}</Typography.Text> {pick(b.name_zh, b.name_en)}
            <span className="choice-note">
              {b.fee.kind === 'fixed' && ` · ${yuan(b.fee.fen)}`}
              {b.id.required && ` · ${t('j.needsId')}`}
            </span>
          </Checkbox>
        ))}
      </Checkbox.Group>
    </StepLayout>
  );
}
