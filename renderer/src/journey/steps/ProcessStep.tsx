import { Button, Checkbox, Form, Input, Select, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { parseYuan, yuan } from '../../format';
import { usePick } from '../lang';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

type Values = Record<string, string | boolean | undefined>;

/** antd gives each control the id of its form field: a field is empty when the form says so. */
function emptyIn(values: Values): (el: HTMLInputElement) => boolean {
  return (el) => {
    const v = el.id in values ? values[el.id] : el.value;
    return v === undefined || v === null || String(v).trim() === '';
  };
}

/**
 * Enter moves to the next empty field (as on the float form); when every field is filled it
 * submits. A scanner that ends the ICCID with Enter therefore lands on the next field too.
 * Returns true when it moved.
 */
function focusNextEmpty(root: HTMLElement | null, from: Element | null, values: Values): boolean {
  if (!root) return false;
  const isEmpty = emptyIn(values);
  const fields = [...root.querySelectorAll<HTMLInputElement>('input:not([type=checkbox]):not([type=hidden]):not([type=radio])')];
  const start = from ? fields.indexOf(from as HTMLInputElement) : -1;
  const next = fields.slice(start + 1).find(isEmpty) ?? fields.slice(0, Math.max(0, start)).find(isEmpty);
  if (!next) return false;
  next.focus();
  return true;
}

/** ⑤ The business fields of each chosen business (fee when entered); Enter submits the first open one. */
export function ProcessStep({ journey, catalog, act, busy }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  const formRoot = useRef<HTMLDivElement>(null);
  const [form] = Form.useForm<Values>();
  const line = journey.businesses.find((b) => b.status === 'open');
  const remaining = journey.businesses.filter((b) => b.status === 'open').length;
  const def = line ? catalog?.businesses.find((b) => b.code === line.code) : undefined;
  if (!line || !def) return <Typography.Text type="secondary">{t('j.nothingToProcess')}</Typography.Text>;
  const entered = def.fee.kind === 'entered' ? def.fee : null;
  const submit = (v: Values) => {
    const fields: Record<string, string | boolean> = {};
    for (const f of def.fields) {
      const val = v[f.key];
      fields[f.key] = f.type === 'confirm' ? val === true : String(val ?? '').trim();
    }
    const cmd: Parameters<StepProps['act']>[0] = { type: 'submitBusiness', code: line.code, fields };
    if (entered) cmd.feeFen = parseYuan(String(v.__fee ?? '')) ?? -1;
    if (def.balance_refund && v.__balance) cmd.balanceRefundFen = parseYuan(String(v.__balance)) ?? -1;
    void act(cmd);
  };
  return (
    <div
      ref={formRoot}
      className="step-form"
      data-testid={`process-${line.code}`}
      onKeyDownCapture={(e) => {
        const el = e.target as HTMLElement;
        // An open select list takes its own Enter (it picks the highlighted option).
        if (e.key !== 'Enter' || el.tagName !== 'INPUT' || el.getAttribute('aria-expanded') === 'true') return;
        if (focusNextEmpty(formRoot.current, el, form.getFieldsValue(true) as Values)) {
          e.preventDefault();
          e.stopPropagation();
        }
      }}
    >
      <Form<Values>
        form={form}
        key={line.code}
        className="step-form"
        layout="vertical"
        onFinish={submit}
        initialValues={entered?.default_fen !== undefined ? { __fee: (entered.default_fen / 100).toFixed(2) } : {}}
      >
        <StepLayout
          actions={
            <>
              <Button type="primary" htmlType="submit" size="large" loading={busy} className="primary-action" data-testid="process-submit">
                {t('j.submitBusiness')}
              </Button>
              {remaining > 1 && <Typography.Text type="secondary">{t('j.moreBusinesses', { n: remaining - 1 })}</Typography.Text>}
            </>
          }
        >
          <Typography.Title level={5} className="process-title">
            {pick(def.name_zh, def.name_en)}
            {def.fee.kind === 'fixed' && <Typography.Text type="secondary"> · {t('j.fee')} {yuan(def.fee.fen)}</Typography.Text>}
          </Typography.Title>
          <div className="form-grid">
            {def.fields.map((f, i) => (
              <Form.Item
                key={f.key}
                name={f.key}
                label={f.type === 'confirm' ? undefined : pick(f.label_zh, f.label_en)}
                extra={f.hint_zh ? pick(f.hint_zh, f.hint_en ?? f.hint_zh) : undefined}
                valuePropName={f.type === 'confirm' ? 'checked' : 'value'}
                className={f.type === 'confirm' ? 'span-2' : undefined}
                rules={
                  f.type === 'confirm'
                    ? [{ validator: (_r, v) => (v === true ? Promise.resolve() : Promise.reject(new Error(t('j.mustConfirm')))) }]
                    : [{ required: true, whitespace: true, message: t('j.required') }, ...(f.pattern ? [{ pattern: new RegExp(f.pattern), message: t('j.badFormat') }] : [])]
                }
              >
                {f.type === 'choice' ? (
                  <Select
                    autoFocus={i === 0}
                    showSearch={{ optionFilterProp: 'label' }}
                    // Synchronously, so the next keys the clerk (or a scanner) types land in the next field.
                    onSelect={(v: string) => focusNextEmpty(formRoot.current, document.getElementById(f.key), { ...(form.getFieldsValue(true) as Values), [f.key]: v })}
                    data-testid={`field-${f.key}`} options={(f.options ?? []).map((o) => ({ value: o.value, label: pick(o.name_zh, o.name_en) }))} />
                ) : f.type === 'confirm' ? (
                  <Checkbox data-testid={`field-${f.key}`}>{pick(f.label_zh, f.label_en)}</Checkbox>
                ) : (
                  <Input autoFocus={i === 0} data-testid={`field-${f.key}`} />
                )}
              </Form.Item>
            ))}
            {entered && (
              <Form.Item
                name="__fee"
                label={`${t('j.fee')}（${yuan(entered.min_fen)} – ${yuan(entered.max_fen)}）`}
                rules={[{ required: true, message: t('j.required') }, { validator: (_r, v) => (parseYuan(String(v ?? '')) === null ? Promise.reject(new Error(t('j.badAmount'))) : Promise.resolve()) }]}
              >
                <Input prefix="￥" className="amount" autoFocus={def.fields.length === 0} data-testid="field-fee" />
              </Form.Item>
            )}
            {def.balance_refund && (
              <Form.Item name="__balance" label={t('j.balanceRefund')} rules={[{ validator: (_r, v) => (v === undefined || String(v).trim() === '' || parseYuan(String(v)) !== null ? Promise.resolve() : Promise.reject(new Error(t('j.badAmount')))) }]}>
                <Input prefix="￥" className="amount" data-testid="field-balance" />
              </Form.Item>
            )}
          </div>
        </StepLayout>
      </Form>
    </div>
  );
}
